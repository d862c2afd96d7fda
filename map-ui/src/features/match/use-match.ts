/**
 * State of the match screen, kept by the app shell so that going back to the map and
 * returning keeps the needs and the results: form and weighting (local state), and the
 * registries and the last response (TanStack Query: cached, refetched when the session
 * changes). Each result carries its plots' outlines, drawn as the map overlay and the rank
 * markers without a request per result.
 */

import type { MatchRequestInput as MatchRequestBody } from '@api/modules/matching/match-request.schema.ts';
import type {
  CriterionInfo,
  MatchResponse,
  ProjectTemplate as MatchTemplate,
} from '@api/modules/matching/matching.schemas.ts';
import { isCancelledError, keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Geometry } from 'geojson';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import { criteriaQuery, matchQuery, templatesQuery } from '../../api/match.ts';
import type { Bounds, RankMarker } from '../../map/map-view.tsx';
import {
  EMPTY_OVERLAY,
  geometryBbox,
  labelPoint,
  type OverlayCollection,
  toOverlay,
} from '../../map/overlay-layers.ts';
import { EMPTY_NEEDS_FORM, type NeedsForm, needsToForm } from './needs-form-state.ts';
import type { FieldIssue } from './needs-validation.ts';

// zod and the needs schema load with the match screen, not with the public map.
type Validation = typeof import('./needs-validation.ts');
let validationModule: Promise<Validation> | null = null;
const loadValidation = () => {
  validationModule ??= import('./needs-validation.ts');
  return validationModule;
};

export type WeightMode = 'sliders' | 'ahp';

export interface AhpState {
  criteria: string[];
  /** judgements[`${a}|${b}`] = how much more a matters than b (Saaty 1/9 … 9), a before b in `criteria`. */
  judgements: Record<string, number>;
}

export interface MatchState {
  criteria: CriterionInfo[] | null;
  templates: MatchTemplate[] | null;
  setupError: unknown;
  templateId: string;
  form: NeedsForm;
  issues: FieldIssue[];
  weights: Record<string, number>;
  method: 'weighted' | 'topsis';
  mode: WeightMode;
  ahp: AhpState;
  response: MatchResponse | null;
  /** Needs as last sent: what the results answer (saved with them to a project). */
  sentNeeds: MatchRequestBody['needs'] | null;
  running: boolean;
  error: unknown;
  overlay: OverlayCollection;
  markers: RankMarker[];
  resultsBbox: Bounds | null;
  geometryError: boolean;
}

export interface MatchActions {
  setForm(f: NeedsForm): void;
  applyTemplate(id: string): void;
  setWeight(key: string, w: number): void;
  resetWeights(): void;
  setMethod(m: 'weighted' | 'topsis'): void;
  setMode(m: WeightMode): void;
  setAhp(a: AhpState): void;
  run(ahpMatrix?: { criteria: string[]; matrix: number[][] }): Promise<boolean>;
  retrySetup(): void;
}

const RESULT_LIMIT = 20;
/** The key of the match query before any run (disabled: never sent). */
const IDLE_REQUEST: MatchRequestBody = { needs: { surfaceHa: { min: 1 } } };

export function ahpMatrix(a: AhpState): number[][] {
  return a.criteria.map((ci, i) =>
    a.criteria.map((cj, j) => {
      if (i === j) return 1;
      if (i < j) return a.judgements[`${ci}|${cj}`] ?? 1;
      return 1 / (a.judgements[`${cj}|${ci}`] ?? 1);
    }),
  );
}

export function useMatch(enabled: boolean, sessionVersion: number): MatchState & MatchActions {
  const queryClient = useQueryClient();
  const criteriaQ = useQuery({ ...criteriaQuery, enabled });
  // Templates are a convenience: without them the form still works (an empty list).
  const templatesQ = useQuery({ ...templatesQuery, enabled, retry: false });
  const criteria = criteriaQ.data ?? null;
  const templates = templatesQ.isError ? [] : (templatesQ.data ?? null);
  const [templateId, setTemplateId] = useState('');
  const [form, setFormState] = useState<NeedsForm>(EMPTY_NEEDS_FORM);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [weights, setWeights] = useState<Record<string, number>>({});
  const [method, setMethod] = useState<'weighted' | 'topsis'>('weighted');
  const [mode, setMode] = useState<WeightMode>('sliders');
  const [ahp, setAhp] = useState<AhpState>({ criteria: [], judgements: {} });
  // The request whose answer is shown; a new run replaces it once answered.
  const [request, setRequest] = useState<MatchRequestBody | null>(null);
  const [sending, setSending] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const pending = useRef<readonly unknown[] | null>(null);

  // Explanations come in both languages, so a language switch needs no new request; a session
  // change does (it changes which sites may be matched): the session is part of the key.
  const matchQ = useQuery({
    ...matchQuery(request ?? IDLE_REQUEST, sessionVersion),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
  const response = request ? (matchQ.data ?? null) : null;

  useEffect(() => {
    if (templatesQ.error) console.warn('Landmatch: match templates unavailable', templatesQ.error);
  }, [templatesQ.error]);

  // The criteria's default weights, once they are known (kept when the user has set some).
  useEffect(() => {
    if (criteria)
      setWeights((w) =>
        Object.keys(w).length ? w : Object.fromEntries(criteria.map((x) => [x.key, x.defaultWeight])),
      );
  }, [criteria]);

  const setForm = useCallback((f: NeedsForm) => {
    setFormState(f);
    // After a failed submit, errors follow the edits (fixed fields lose their message).
    void loadValidation().then(({ validateNeedsForm }) =>
      setIssues((prev) => {
        if (!prev.length) return prev;
        const v = validateNeedsForm(f);
        return v.ok ? [] : v.issues;
      }),
    );
  }, []);

  const applyTemplate = useCallback(
    (id: string) => {
      setTemplateId(id);
      const tpl = templates?.find((t) => t.id === id);
      setFormState(tpl ? needsToForm(tpl.needs) : EMPTY_NEEDS_FORM);
      setIssues([]);
    },
    [templates],
  );

  /** Sends a request (a newer run cancels an older one still in flight); true once answered. */
  const send = useCallback(
    async (body: MatchRequestBody) => {
      const options = matchQuery(body, sessionVersion);
      if (pending.current) void queryClient.cancelQueries({ queryKey: pending.current, exact: true });
      pending.current = options.queryKey;
      setSending(true);
      setRunError(null);
      try {
        // Run pressed again with the same needs asks the API again (staleTime 0 here).
        await queryClient.fetchQuery({ ...options, staleTime: 0 });
        if (pending.current !== options.queryKey) return false;
        setRequest(body);
        return true;
      } catch (e) {
        if (isCancelledError(e) || isAbort(e) || pending.current !== options.queryKey) return false;
        setRunError(e);
        return false;
      } finally {
        if (pending.current === options.queryKey) {
          pending.current = null;
          setSending(false);
        }
      }
    },
    [queryClient, sessionVersion],
  );

  const run = useCallback(
    async (ahpBlock?: { criteria: string[]; matrix: number[][] }) => {
      const { validateNeedsForm } = await loadValidation();
      const v = validateNeedsForm(form);
      if (!v.ok) {
        setIssues(v.issues);
        return false;
      }
      setIssues([]);
      const body: MatchRequestBody = { needs: v.needs, method, limit: RESULT_LIMIT };
      if (ahpBlock) body.ahp = ahpBlock;
      else if (Object.keys(weights).length) body.weights = weights;
      return send(body);
    },
    [form, method, weights, send],
  );

  const { overlay, markers, resultsBbox, geometryError } = useMemo(() => {
    if (!response)
      return { overlay: EMPTY_OVERLAY, markers: [] as RankMarker[], resultsBbox: null, geometryError: false };
    const items: Array<{ id: string; geometry: Geometry; rank: number; name: string }> = [];
    const markers: RankMarker[] = [];
    let missing = false;
    for (const r of response.results) {
      const outlines = r.outlines ?? [];
      if (outlines.length === 0) missing = true;
      for (const o of outlines)
        items.push({ id: o.siteId, geometry: o.geometry, rank: r.rank, name: r.name });
      const p = outlines[0] ? labelPoint(outlines[0].geometry) : null;
      if (p) markers.push({ siteId: r.siteId, rank: r.rank, name: r.name, position: [p[0], p[1]] });
    }
    const box = geometryBbox(items.map((i) => i.geometry));
    return { overlay: toOverlay(items), markers, resultsBbox: box, geometryError: missing };
  }, [response]);

  return {
    criteria,
    templates,
    setupError: criteriaQ.error,
    templateId,
    form,
    issues,
    weights,
    method,
    mode,
    ahp,
    response,
    sentNeeds: request?.needs ?? null,
    running: sending || (request !== null && matchQ.isFetching),
    error: runError ?? (request ? matchQ.error : null),
    overlay,
    markers,
    resultsBbox,
    geometryError,
    setForm,
    applyTemplate,
    setWeight: useCallback((key: string, w: number) => setWeights((prev) => ({ ...prev, [key]: w })), []),
    resetWeights: useCallback(
      () => setWeights(Object.fromEntries((criteria ?? []).map((c) => [c.key, c.defaultWeight]))),
      [criteria],
    ),
    setMethod,
    setMode,
    setAhp,
    run,
    retrySetup: useCallback(() => {
      void criteriaQ.refetch();
      void templatesQ.refetch();
    }, [criteriaQ.refetch, templatesQ.refetch]),
  };
}
