/**
 * One project and its shortlist, loaded together, with the writes the detail screen makes.
 * Shortlist changes show at once (optimistic) and are sent one after the other, so quick
 * successive moves cannot overtake each other; a refusal puts back what the server holds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import {
  getProject,
  getShortlist,
  type Project,
  type ProjectPatch,
  putShortlist,
  type ShortlistItem,
  type ShortlistItemInput,
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

export function useProject(id: string, sessionVersion: number): ProjectState {
  const [project, setProject] = useState<Project | null>(null);
  const [items, setItems] = useState<ShortlistItem[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(0);
  const [shortlistError, setShortlistError] = useState<unknown>(null);
  const confirmed = useRef<ShortlistItem[] | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const sent = useRef(0);

  useEffect(() => {
    void attempt;
    void sessionVersion;
    const ctrl = new AbortController();
    setLoading(true);
    setLoadError(null);
    Promise.all([getProject(id, ctrl.signal), getShortlist(id, ctrl.signal)])
      .then(([p, s]) => {
        setProject(p);
        setItems(s.items);
        confirmed.current = s.items;
        setLoading(false);
      })
      .catch((e) => {
        if (isAbort(e)) return;
        setLoadError(e);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [id, attempt, sessionVersion]);

  const update = useCallback(
    async (patch: ProjectPatch) => {
      const p = await updateProject(id, patch);
      setProject(p);
      return p;
    },
    [id],
  );

  const saveShortlist = useCallback(
    (body: ShortlistItemInput[], preview?: ShortlistItem[]) => {
      const n = ++sent.current;
      if (preview) setItems(preview);
      setShortlistError(null);
      setPending((c) => c + 1);
      const run = queue.current.then(async () => {
        try {
          const s = await putShortlist(id, body);
          confirmed.current = s.items;
          // Only the last answer is shown: earlier ones are already out of date.
          if (n === sent.current) setItems(s.items);
          setProject((p) => (p ? { ...p, shortlistCount: s.items.length } : p));
          return true;
        } catch (e) {
          setShortlistError(e);
          setItems(confirmed.current);
          return false;
        } finally {
          setPending((c) => c - 1);
        }
      });
      queue.current = run;
      return run;
    },
    [id],
  );

  return {
    project,
    items,
    loading,
    loadError,
    saving: pending > 0,
    shortlistError,
    reload: useCallback(() => setAttempt((a) => a + 1), []),
    update,
    saveShortlist,
    clearShortlistError: useCallback(() => setShortlistError(null), []),
  };
}
