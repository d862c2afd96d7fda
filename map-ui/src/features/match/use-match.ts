/**
 * State of the match screen, kept by the app shell so that going back to the map and
 * returning keeps the needs and the results: form, weighting, the last response, and the
 * results' geometries (fetched per site, for the map overlay and the rank markers).
 */
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import { getCriteria, getTemplates, runMatch } from '../../api/match.ts';
import { getSite } from '../../api/sites.ts';
import type { CriterionInfo, MatchRequestBody, MatchResponse, MatchTemplate } from '../../api/types.ts';
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
  /** Needs as last sent (to show what the results answer). */
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
  const [criteria, setCriteria] = useState<CriterionInfo[] | null>(null);
  const [templates, setTemplates] = useState<MatchTemplate[] | null>(null);
  const [setupError, setSetupError] = useState<unknown>(null);
  const [setupAttempt, setSetupAttempt] = useState(0);
  const [templateId, setTemplateId] = useState('');
  const [form, setFormState] = useState<NeedsForm>(EMPTY_NEEDS_FORM);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [weights, setWeights] = useState<Record<string, number>>({});
  const [method, setMethod] = useState<'weighted' | 'topsis'>('weighted');
  const [mode, setMode] = useState<WeightMode>('sliders');
  const [ahp, setAhp] = useState<AhpState>({ criteria: [], judgements: {} });
  const [response, setResponse] = useState<MatchResponse | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sites, setSites] = useState<Map<string, SiteDetail>>(new Map());
  const [geometryError, setGeometryError] = useState(false);
  const lastRequest = useRef<MatchRequestBody | null>(null);
  const runCtrl = useRef<AbortController | null>(null);

  // Criteria and templates, once the screen is first shown.
  useEffect(() => {
    void setupAttempt;
    if (!enabled || (criteria && templates)) return;
    const ctrl = new AbortController();
    setSetupError(null);
    getCriteria(ctrl.signal)
      .then((c) => {
        setCriteria(c);
        setWeights((w) =>
          Object.keys(w).length ? w : Object.fromEntries(c.map((x) => [x.key, x.defaultWeight])),
        );
      })
      .catch((e) => !isAbort(e) && setSetupError(e));
    getTemplates(ctrl.signal)
      .then(setTemplates)
      .catch((e) => {
        if (isAbort(e)) return;
        // Templates are a convenience: without them the form still works.
        console.warn('Landmatch: match templates unavailable', e);
        setTemplates([]);
      });
    return () => ctrl.abort();
  }, [enabled, criteria, templates, setupAttempt]);

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

  const send = useCallback(async (body: MatchRequestBody) => {
    runCtrl.current?.abort();
    const ctrl = new AbortController();
    runCtrl.current = ctrl;
    setRunning(true);
    setError(null);
    try {
      const res = await runMatch(body, ctrl.signal);
      lastRequest.current = body;
      setResponse(res);
      setRunning(false);
      return true;
    } catch (e) {
      if (isAbort(e)) return false;
      setError(e);
      setRunning(false);
      return false;
    }
  }, []);

  const run = useCallback(
    async (ahpBlock?: { criteria: string[]; matrix: number[][] }) => {
      const { validateNeedsForm } = await loadValidation();
      const v = validateNeedsForm(form);
      if (!v.ok) {
        setIssues(v.issues);
        return false;
      }
      setIssues([]);
      const body: MatchRequestBody = {
        needs: v.needs as Record<string, unknown>,
        method,
        limit: RESULT_LIMIT,
      };
      if (ahpBlock) body.ahp = ahpBlock;
      else if (Object.keys(weights).length) body.weights = weights;
      return send(body);
    },
    [form, method, weights, send],
  );

  // Explanations come in both languages, so a language switch needs no new request; a session
  // change does (it changes which sites may be matched).
  const firstSession = useRef(true);
  useEffect(() => {
    void sessionVersion;
    if (firstSession.current) {
      firstSession.current = false;
      return;
    }
    if (lastRequest.current) void send(lastRequest.current);
  }, [sessionVersion, send]);

  // Geometries of the results, for the overlay and the markers.
  useEffect(() => {
    if (!response) return;
    const ids = new Set<string>();
    for (const r of response.results)
      for (const id of r.siteIds?.length ? r.siteIds : [r.siteId]) ids.add(id);
    const missing = [...ids].filter((id) => !sites.has(id));
    if (!missing.length) return;
    const ctrl = new AbortController();
    Promise.allSettled(missing.map((id) => getSite(id, ctrl.signal))).then((all) => {
      if (ctrl.signal.aborted) return;
      setGeometryError(all.some((r) => r.status === 'rejected'));
      setSites((prev) => {
        const next = new Map(prev);
        for (const r of all) if (r.status === 'fulfilled') next.set(String(r.value.id), r.value);
        return next;
      });
    });
    return () => ctrl.abort();
  }, [response, sites]);

  const { overlay, markers, resultsBbox } = useMemo(() => {
    if (!response) return { overlay: EMPTY_OVERLAY, markers: [] as RankMarker[], resultsBbox: null };
    const items: Array<{ id: string; geometry: SiteDetail['geometry']; rank: number; name: string }> = [];
    const markers: RankMarker[] = [];
    for (const r of response.results) {
      const ids = r.siteIds?.length ? r.siteIds : [r.siteId];
      const geoms = ids
        .map((id) => sites.get(id)?.geometry)
        .filter((g): g is SiteDetail['geometry'] => Boolean(g));
      ids.forEach((id) => {
        const s = sites.get(id);
        if (s) items.push({ id, geometry: s.geometry, rank: r.rank, name: r.name });
      });
      const first = geoms[0];
      const p = first ? labelPoint(first) : null;
      if (p) markers.push({ siteId: r.siteId, rank: r.rank, name: r.name, position: [p[0], p[1]] });
    }
    const box = geometryBbox(items.map((i) => i.geometry));
    return { overlay: toOverlay(items), markers, resultsBbox: box };
  }, [response, sites]);

  return {
    criteria,
    templates,
    setupError,
    templateId,
    form,
    issues,
    weights,
    method,
    mode,
    ahp,
    response,
    running,
    error,
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
      setCriteria(null);
      setTemplates(null);
      setSetupAttempt((a) => a + 1);
    }, []),
  };
}
