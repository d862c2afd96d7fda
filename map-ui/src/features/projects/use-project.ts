/**
 * One project and its shortlist (two queries), with the writes the detail screen makes.
 * Shortlist changes show at once (optimistic) and are sent one after the other (one mutation
 * scope per project), so quick successive moves cannot overtake each other; a refusal puts
 * back what the server last confirmed. Writes update the cache and invalidate the lists and
 * the observatory, which count projects and shortlisted sites.
 */
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import {
  type Project,
  type ProjectPatch,
  projectKeys,
  projectQuery,
  putShortlist,
  type Shortlist,
  type ShortlistItem,
  type ShortlistItemInput,
  shortlistQuery,
  updateProject,
} from '../../api/projects.ts';

export interface ProjectState {
  project: Project | null;
  items: ShortlistItem[] | null;
  loading: boolean;
  loadError: unknown;
  /** A shortlist write is on its way. */
  saving: boolean;
  shortlistError: unknown;
  reload(): void;
  update(patch: ProjectPatch): Promise<Project>;
  /** Sends a new shortlist; `preview` is shown meanwhile. Resolves false when refused. */
  saveShortlist(body: ShortlistItemInput[], preview?: ShortlistItem[]): Promise<boolean>;
  clearShortlistError(): void;
}

export function useProject(id: string): ProjectState {
  const client = useQueryClient();
  const project = useQuery(projectQuery(id));
  const shortlist = useQuery(shortlistQuery(id));
  const [shortlistError, setShortlistError] = useState<unknown>(null);
  const sent = useRef(0);
  const shortlistKey = projectKeys.shortlist(id);
  const mutationKey = [...shortlistKey, 'put'];
  const saving = useIsMutating({ mutationKey }) > 0;

  const touchedCounts = useCallback(() => {
    void client.invalidateQueries({ queryKey: projectKeys.lists });
    void client.invalidateQueries({ queryKey: projectKeys.observatory });
  }, [client]);

  const { mutateAsync: patchProject } = useMutation({
    mutationFn: (patch: ProjectPatch) => updateProject(id, patch),
    onSuccess: (p) => {
      client.setQueryData(projectKeys.one(id), p);
      touchedCounts();
    },
  });

  // What the server last confirmed, to put back after a refusal (previews are not confirmed).
  const confirmed = useRef<Shortlist | null>(null);
  const inFlight = useRef(0);
  if (shortlist.data && inFlight.current === 0) confirmed.current = shortlist.data;
  const { mutateAsync: sendShortlist } = useMutation({
    mutationKey,
    // One queue per project: each write starts once the previous one is answered.
    scope: { id: `shortlist:${id}` },
    mutationFn: (body: ShortlistItemInput[]) => putShortlist(id, body),
  });

  const saveShortlist = useCallback(
    async (body: ShortlistItemInput[], preview?: ShortlistItem[]) => {
      const n = ++sent.current;
      inFlight.current += 1;
      if (preview) client.setQueryData<Shortlist>(shortlistKey, { projectId: id, items: preview });
      setShortlistError(null);
      try {
        const s = await sendShortlist(body);
        confirmed.current = s;
        // Only the last answer is shown: earlier ones are already out of date.
        if (n === sent.current) client.setQueryData(shortlistKey, s);
        client.setQueryData<Project>(projectKeys.one(id), (p) =>
          p ? { ...p, shortlistCount: s.items.length } : p,
        );
        // The comparison and the lists show the shortlist too.
        void client.invalidateQueries({ queryKey: [...projectKeys.one(id), 'compare'] });
        touchedCounts();
        return true;
      } catch (e) {
        setShortlistError(e);
        if (confirmed.current) client.setQueryData(shortlistKey, confirmed.current);
        return false;
      } finally {
        inFlight.current -= 1;
      }
    },
    [client, id, shortlistKey, sendShortlist, touchedCounts],
  );

  const loading = project.isFetching || shortlist.isFetching;
  return {
    project: project.data ?? null,
    items: shortlist.data?.items ?? null,
    loading,
    // An error being asked again is not shown (nor taken for a lost session) until answered.
    loadError: loading ? null : (project.error ?? shortlist.error),
    saving,
    shortlistError,
    reload: useCallback(() => {
      void client.invalidateQueries({ queryKey: projectKeys.one(id) });
    }, [client, id]),
    update: patchProject,
    saveShortlist,
    clearShortlistError: useCallback(() => setShortlistError(null), []),
  };
}
