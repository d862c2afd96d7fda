/**
 * What a shortlist item remembers about its site: the score and breakdown it was proposed
 * with, and the facts an investor was told (area, power, availability, price…). The snapshot is
 * taken when the site enters the list and kept while it stays; `changedSince` then lists what
 * the live site says differently, so staff see "power updated since you sent it".
 */
import type { MatchSite } from '../matching/candidate.ts';
import { MATCH_SITE_FIELDS } from '../matching/candidate.ts';
import { evaluateKnockouts } from '../matching/knockouts/evaluate.ts';
import type { Needs } from '../matching/needs.schema.ts';
import { ALGORITHM_VERSION, rankCandidates } from '../matching/rank.ts';
import type { FieldChange, ShortlistItemInput, ShortlistSnapshot } from './projects.schemas.ts';
import type { LiveSite } from './projects.store.ts';

/** Site facts kept in a snapshot (site.fields.ts keys); their changes are reported. */
export const SNAPSHOT_FIELDS = [
  'name',
  'communeInsee',
  'communeName',
  'department',
  'region',
  'territorySiren',
  'status',
  'published',
  'availableAreaHa',
  'areaHa',
  'availableFrom',
  'priceEurM2',
  'powerAvailableMw',
  'powerVoltageKv',
  'powerConnectionDelayMonths',
  'gas',
  'waterM3PerDay',
  'fibre',
  'railSiding',
  'quay',
  'brownfield',
  'ppriZone',
  'pprtZone',
  'natura2000',
  'soilPollution',
  'pluZone',
  'maxIcpeRegime',
  'sevesoAllowed',
  'readiness',
  'labels',
  'dataQuality',
] as const;

/** JSON with object keys sorted, so jsonb's key reordering does not count as a change. */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : val,
  );
}

/** The engine's view of a live site (site fields + access), for scoring items added from the map. */
export function toMatchSite(live: LiveSite): MatchSite {
  const site: Record<string, unknown> = { id: live.id };
  for (const key of MATCH_SITE_FIELDS) site[key] = live.facts[key] ?? null;
  site.access = Object.fromEntries(
    live.access.map((a) => [
      a.kind,
      { name: a.name, distanceM: a.distanceM, infrastructureId: a.infrastructureId },
    ]),
  );
  return site as unknown as MatchSite;
}

function siteFacts(live: LiveSite): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SNAPSHOT_FIELDS) out[key] = live.facts[key] ?? null;
  return out;
}

function accessDistances(live: LiveSite): Record<string, number> {
  return Object.fromEntries(live.access.map((a) => [a.kind, a.distanceM]));
}

/**
 * The snapshot of a site entering the shortlist. The client's score and breakdown (from a
 * match) win; without them, and when the project states its needs, the site is scored here
 * with the same engine, so an item added from the map has a score too.
 * Example: `takeSnapshot(live, { siteId, score: 0.8, criteria }, needs, now)` → source 'match'.
 */
export function takeSnapshot(
  live: LiveSite,
  input: ShortlistItemInput,
  needs: Needs | null,
  now: Date,
): ShortlistSnapshot {
  const base = {
    takenAt: now.toISOString(),
    site: siteFacts(live),
    access: accessDistances(live),
  };
  if (input.score !== undefined && input.score !== null) {
    return {
      ...base,
      source: 'match',
      algorithmVersion: input.algorithmVersion ?? null,
      score: input.score,
      scoreKind: input.scoreKind ?? null,
      confidence: input.confidence ?? null,
      confidenceNotes: input.confidenceNotes ?? [],
      flags: input.flags ?? [],
      criteria: input.criteria ?? [],
      failed: input.failed ?? [],
    };
  }
  if (needs) {
    const site = toMatchSite(live);
    try {
      const [ranked] = rankCandidates([site], needs, { asOf: now.toISOString().slice(0, 10) });
      const failed = evaluateKnockouts(site, needs).failed.map((f) => ({
        key: f.key,
        required: f.required,
        actual: f.actual,
        unit: f.unit,
        gap: f.gap,
        unknown: f.unknown,
        reason_fr: f.reason_fr,
        reason_en: f.reason_en,
      }));
      return {
        ...base,
        source: 'computed',
        algorithmVersion: ALGORITHM_VERSION,
        score: ranked.score,
        scoreKind: ranked.scoreKind,
        confidence: ranked.confidence,
        confidenceNotes: ranked.confidenceNotes.map(({ criterion, loss, text_fr, text_en }) => ({
          criterion,
          loss,
          text_fr,
          text_en,
        })),
        flags: ranked.flags.map(({ code, text_fr, text_en }) => ({ code, text_fr, text_en })),
        criteria: ranked.criteria.map((c) => ({
          key: c.key,
          label: { fr: c.label_fr, en: c.label_en },
          weight: c.weight,
          score: c.score,
          value: c.value,
          unit: c.unit,
          known: c.known,
          reason_fr: c.reason_fr,
          reason_en: c.reason_en,
        })),
        failed: input.failed ?? failed,
      };
    } catch (err) {
      // Weights that zero every criterion cannot happen with default weights; keep the item unscored.
      if (!(err instanceof RangeError)) throw err;
    }
  }
  return {
    ...base,
    source: 'none',
    algorithmVersion: null,
    score: null,
    confidence: input.confidence ?? null,
    confidenceNotes: input.confidenceNotes ?? [],
    flags: input.flags ?? [],
    criteria: input.criteria ?? [],
    failed: input.failed ?? [],
  };
}

/**
 * What changed on the live site since the snapshot: `[{ field: 'powerAvailableMw', then: 12,
 * now: 20 }]`; access distances appear as `access.<kind>` (metres).
 */
export function changedSince(snapshot: ShortlistSnapshot, live: LiveSite): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SNAPSHOT_FIELDS) {
    if (!(field in snapshot.site)) continue;
    const then = snapshot.site[field] ?? null;
    const now = live.facts[field] ?? null;
    if (canonical(then) !== canonical(now)) changes.push({ field, then, now });
  }
  const liveAccess = accessDistances(live);
  const kinds = [...new Set([...Object.keys(snapshot.access ?? {}), ...Object.keys(liveAccess)])].sort();
  for (const kind of kinds) {
    const then = snapshot.access?.[kind] ?? null;
    const now = liveAccess[kind] ?? null;
    if (then !== now) changes.push({ field: `access.${kind}`, then, now });
  }
  return changes;
}
