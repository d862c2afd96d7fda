/**
 * CSV and GeoJSON exports of a shortlist, and the download file names. CSV follows RFC 4180
 * (comma, CRLF, quotes doubled) with a UTF-8 BOM so spreadsheet software opens accented
 * names correctly; text cells that a spreadsheet would run as a formula are prefixed with an
 * apostrophe (OWASP "CSV injection"), since notes are typed by people. Two CSVs: the machine one
 * (`shortlistCsv`: stable column codes, codes and raw numbers) and the one for people
 * (`shortlistTableCsv`: titles, names, labels and percentages in the language). In both the explanation columns (method, confidence notes, flags, criteria, points to confirm)
 * are written in the export's language from the snapshot's bilingual texts.
 */

import { csvField, csvLine } from '../../shared/csv.ts';
import { cellFormat, departmentName, humanCsv, regionName } from '../../shared/human-table.ts';
import type { Lang } from '../matching/format.ts';
import { SCORE_LABEL } from '../matching/rank.ts';
import { label, localized, valueLabel } from './pdf/pdf-labels.ts';
import type { FieldChange, ShortlistSnapshot } from './projects.schemas.ts';
import type { LiveSite } from './projects.store.ts';
import { bilingualReason, bilingualText, criterionLabel, knockoutLabel } from './shortlist.pdf.ts';

export interface ExportItem {
  rank: number;
  siteId: string;
  note: string | null;
  addedAt: string;
  snapshot: ShortlistSnapshot;
  live: LiveSite | null;
  changedSince: FieldChange[];
}

/** One CSV cell, always guarded: `csvCell('a,b')` → '"a,b"'; `csvCell('=1+1')` → "'=1+1". */
export const csvCell = (v: unknown): string => csvField(v, true);

/** A CSV document (BOM, CRLF line ends) from a header and rows. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return `\uFEFF${csvLine(header, true)}${rows.map((r) => csvLine(r, true)).join('')}`;
}

const CSV_FACTS = [
  'name',
  'communeInsee',
  'communeName',
  'department',
  'region',
  'status',
  'availableAreaHa',
  'availableFrom',
  'priceEurM2',
  'powerAvailableMw',
  'railSiding',
  'quay',
  'brownfield',
] as const;

const CSV_ACCESS = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation_63kv',
  'substation_225kv',
] as const;

/** Drive-time columns (minutes by car and by truck, and how they were computed). */
const CSV_DRIVE = ['motorway_access', 'rail_freight', 'port', 'airport'] as const;

/** Cells holding several texts join them with this (a line break would hide them in most sheets). */
const JOIN = ' | ';

/** A 0..1 share as a whole percent, written the same in both languages for spreadsheets: '79%'. */
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The explanation cells of one item, in `lang` (the PDF's own wording of the snapshot). */
function explanationCells(s: ShortlistSnapshot, lang: Lang): string[] {
  const method = s.score === null ? '' : SCORE_LABEL[s.scoreKind ?? 'weighted_sum'][lang];
  const notes = (s.confidenceNotes ?? []).map((n) => localized(bilingualText(n), lang));
  const flags = (s.flags ?? []).map((f) => localized(bilingualText(f), lang));
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  const criteria = s.criteria.map((c) => {
    const reason = localized(bilingualReason(c), lang);
    return `${localized(criterionLabel(c.key, c.label), lang)}${colon}${pct(c.score)}${reason ? ` — ${reason}` : ''}`;
  });
  const toConfirm = s.failed.map((f) => {
    const label = localized(knockoutLabel(f.key), lang);
    const reason = localized(bilingualReason(f), lang);
    return reason ? `${label}${colon}${reason}` : label;
  });
  return [method, notes.join(JOIN), flags.join(JOIN), criteria.join(JOIN), toConfirm.join(JOIN)];
}

const pool30 = (it: ExportItem) => it.live?.labourPool?.find((p) => p.minutes === 30) ?? null;

/** `road`, `estimate`, or `road+estimate` when the kinds differ; null when none is computed. */
function driveMethod(it: ExportItem): string | null {
  const methods = new Set(
    (it.live?.access ?? [])
      .filter((a) => (CSV_DRIVE as readonly string[]).includes(a.kind))
      .map((a) => a.method),
  );
  methods.delete(undefined);
  methods.delete(null);
  return methods.size ? [...methods].sort().join('+') : null;
}

/**
 * The shortlist as CSV: one row per item in rank order, live facts (snapshot ones for a deleted
 * site), then the score, its method, the confidence and what lowers it, the flags, the criteria
 * with their reasons and the points to confirm, worded in `lang`.
 */
export function shortlistCsv(items: readonly ExportItem[], lang: Lang = 'fr'): string {
  const header = [
    'rank',
    'siteId',
    ...CSV_FACTS,
    ...CSV_ACCESS.map((k) => `distanceM_${k}`),
    ...CSV_DRIVE.flatMap((k) => [`driveMinutes_${k}`, `truckMinutes_${k}`]),
    'driveMethod',
    'labourPool30_active',
    'labourPool30_unemployed',
    'labourPoolMethod',
    'score',
    'scoreMethod',
    'confidence',
    'confidenceNotes',
    'flags',
    'criteria',
    'toConfirm',
    'note',
    'addedAt',
    'siteDeleted',
    'changedSince',
    'lon',
    'lat',
  ];
  const rows = [...items]
    .sort((a, b) => a.rank - b.rank)
    .map((it) => {
      const facts = it.live?.facts ?? it.snapshot.site;
      const access = it.live
        ? Object.fromEntries(it.live.access.map((a) => [a.kind, a.distanceM]))
        : (it.snapshot.access ?? {});
      const [method, notes, flags, criteria, toConfirm] = explanationCells(it.snapshot, lang);
      return [
        it.rank,
        it.siteId,
        ...CSV_FACTS.map((k) => facts[k] ?? null),
        ...CSV_ACCESS.map((k) => access[k] ?? null),
        ...CSV_DRIVE.flatMap((k) => {
          const a = it.live?.access.find((x) => x.kind === k);
          return [a?.driveMinutes ?? null, a?.truckMinutes ?? null];
        }),
        driveMethod(it),
        pool30(it)?.active ?? null,
        pool30(it)?.unemployed ?? null,
        pool30(it)?.method ?? null,
        it.snapshot.score,
        method,
        it.snapshot.confidence,
        notes,
        flags,
        criteria,
        toConfirm,
        it.note,
        it.addedAt,
        it.live === null,
        it.changedSince.map((c) => c.field).join(' '),
        it.live?.location?.[0] ?? null,
        it.live?.location?.[1] ?? null,
      ];
    });
  return toCsv(header, rows);
}

/** The shortlist as a GeoJSON FeatureCollection of plot outlines (null geometry for a deleted site). */
export function shortlistGeoJson(projectId: string, items: readonly ExportItem[]) {
  return {
    type: 'FeatureCollection' as const,
    projectId,
    features: [...items]
      .sort((a, b) => a.rank - b.rank)
      .map((it) => ({
        type: 'Feature' as const,
        id: it.siteId,
        geometry: it.live?.geometry ?? null,
        properties: {
          rank: it.rank,
          siteId: it.siteId,
          ...(it.live?.facts ?? it.snapshot.site),
          access: it.live?.access ?? null,
          score: it.snapshot.score,
          scoreKind: it.snapshot.scoreKind ?? null,
          confidence: it.snapshot.confidence,
          confidenceNotes: it.snapshot.confidenceNotes ?? [],
          flags: it.snapshot.flags ?? [],
          criteria: it.snapshot.criteria,
          note: it.note,
          addedAt: it.addedAt,
          siteDeleted: it.live === null,
          snapshot: it.snapshot.site,
          changedSince: it.changedSince,
        },
      })),
  };
}

/** ASCII slug for file names: `slug('Projet Volta — Été')` → 'projet-volta-ete'. */
export function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project'
  );
}

/** What names a download: the project's code name, a neutral word, or the start of its id. */
export type FilenameMode = 'named' | 'confidential' | 'id';

/**
 * Download name: `shortlist-<who>-<lang>-<YYYY-MM-DD>.<ext>`, `who` being the project's code
 * name (`named`, the default: code names exist to be shown), "confidentiel"/"confidential" when
 * asked (file names travel further than files: mail subjects, download folders, proxies' logs),
 * or the id's first 8 characters (`id`). French and English downloads never share a name.
 * Example: `exportFilename({ id, name: 'Projet Volta' }, 'pdf', 'named', 'en', now)` →
 * 'shortlist-projet-volta-en-2026-12-07.pdf'.
 */
export function exportFilename(
  project: { id: string; name: string },
  ext: string,
  mode: FilenameMode,
  lang: 'fr' | 'en',
  now: Date,
): string {
  const date = now.toISOString().slice(0, 10);
  const who =
    mode === 'named'
      ? slug(project.name)
      : mode === 'confidential'
        ? lang === 'fr'
          ? 'confidentiel'
          : 'confidential'
        : project.id.slice(0, 8);
  return `shortlist-${who}-${lang}-${date}.${ext}`;
}

/** `Content-Disposition` for a download; the name is ASCII already (slug), so no RFC 5987 form is needed. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`;
}

/** A file the routes send as is (shortlist exports, the observatory CSV). */
export interface Download {
  body: Buffer | string;
  contentType: string;
  /** Ready-made `Content-Disposition` header. */
  disposition: string;
  filename: string;
}

// ---------------------------------------------------------------------------------------------
// The shortlist as a table for people (`shortlist.table.csv?lang=`): the PDF's words.

/** Titles of the facts columns, from the PDF's labels where it has one (the same words). */
const TABLE_EXTRA = {
  fr: {
    site: 'Site',
    commune: 'Commune',
    department: 'Département',
    region: 'Région',
    status: 'Statut',
    km: '{what} (km)',
    car: '{what} (min en voiture)',
    truck: '{what} (min en poids lourd)',
    driveMethod: 'Temps de trajet',
    road: 'calculés sur le réseau routier',
    estimate: 'estimés à vol d’oiseau',
    mixed: 'réseau routier et vol d’oiseau',
    poolActive: 'Bassin d’emploi à 30 min : actifs',
    poolUnemployed: 'Bassin d’emploi à 30 min : chômeurs',
    scorePct: 'Score',
    confidencePct: 'Confiance',
    addedAt: 'Ajouté le',
    siteDeleted: 'Site supprimé',
    changedSince: 'Modifié depuis l’ajout',
  },
  en: {
    site: 'Site',
    commune: 'Municipality',
    department: 'Département',
    region: 'Région',
    status: 'Status',
    km: '{what} (km)',
    car: '{what} (min by car)',
    truck: '{what} (min by truck)',
    driveMethod: 'Drive times',
    road: 'computed on the road network',
    estimate: 'estimated from straight lines',
    mixed: 'road network and straight lines',
    poolActive: 'Labour pool within 30 min: working',
    poolUnemployed: 'Labour pool within 30 min: unemployed',
    scorePct: 'Score',
    confidencePct: 'Confidence',
    addedAt: 'Added on',
    siteDeleted: 'Site deleted',
    changedSince: 'Changed since added',
  },
} as const;

/**
 * The shortlist for people, in `lang`: names instead of codes, the status and yes/no in words,
 * distances in km, scores and confidence as percentages, the explanations as in the PDF.
 * `shortlistTableCsv(items, 'en')` starts `Rank,Site,Municipality,…`.
 */
export function shortlistTableCsv(items: readonly ExportItem[], lang: Lang = 'fr'): string {
  const x = TABLE_EXTRA[lang];
  const f = cellFormat(lang);
  const kind = (k: string) => valueLabel(lang, 'kind', k);
  const header = [
    label(lang, 'rank'),
    x.site,
    x.commune,
    x.department,
    x.region,
    x.status,
    `${label(lang, 'availableArea')} (ha)`,
    label(lang, 'availability'),
    `${label(lang, 'price')} (€/m²)`,
    `${label(lang, 'power')} (MW)`,
    label(lang, 'railSiding'),
    label(lang, 'quay'),
    label(lang, 'brownfield'),
    ...CSV_ACCESS.map((k) => x.km.replace('{what}', kind(k))),
    ...CSV_DRIVE.flatMap((k) => [x.car.replace('{what}', kind(k)), x.truck.replace('{what}', kind(k))]),
    x.driveMethod,
    x.poolActive,
    x.poolUnemployed,
    x.scorePct,
    label(lang, 'scoreMethod'),
    x.confidencePct,
    label(lang, 'confidenceLowered'),
    label(lang, 'goodToKnow'),
    label(lang, 'criteria'),
    label(lang, 'warnings'),
    label(lang, 'staffNote'),
    x.addedAt,
    x.siteDeleted,
    x.changedSince,
    'Longitude',
    'Latitude',
  ];
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const rows = [...items]
    .sort((a, b) => a.rank - b.rank)
    .map((it) => {
      const facts = (it.live?.facts ?? it.snapshot.site) as Record<string, unknown>;
      const access = it.live
        ? Object.fromEntries(it.live.access.map((a) => [a.kind, a.distanceM]))
        : (it.snapshot.access ?? {});
      const [method, notes, flags, criteria, toConfirm] = explanationCells(it.snapshot, lang);
      const dm = driveMethod(it);
      const score = it.snapshot.score;
      const num = (v: unknown, digits = 2) => f.number(typeof v === 'number' ? v : null, digits);
      return [
        it.rank,
        str(facts.name),
        str(facts.communeName),
        departmentName(facts.department),
        regionName(facts.region),
        str(facts.status) ? valueLabel(lang, 'siteStatus', facts.status as string) : null,
        num(facts.availableAreaHa),
        f.date(str(facts.availableFrom)),
        num(facts.priceEurM2),
        num(facts.powerAvailableMw),
        f.yesNo(facts.railSiding as boolean | null),
        f.yesNo(facts.quay as boolean | null),
        f.yesNo(facts.brownfield as boolean | null),
        ...CSV_ACCESS.map((k) => {
          const m = access[k];
          return typeof m === 'number' ? f.number(m / 1000, 1) : null;
        }),
        ...CSV_DRIVE.flatMap((k) => {
          const a = it.live?.access.find((y) => y.kind === k);
          return [num(a?.driveMinutes, 0), num(a?.truckMinutes, 0)];
        }),
        dm === null ? null : dm === 'road' ? x.road : dm === 'estimate' ? x.estimate : x.mixed,
        num(pool30(it)?.active, 0),
        num(pool30(it)?.unemployed, 0),
        score === null
          ? null
          : it.snapshot.scoreKind === 'topsis_closeness'
            ? f.number(score, 2)
            : f.percent(score),
        method,
        f.percent(it.snapshot.confidence),
        notes,
        flags,
        criteria,
        toConfirm,
        it.note,
        f.date(it.addedAt),
        f.yesNo(it.live === null),
        it.changedSince.map((c) => c.field).join(', '),
        num(it.live?.location?.[0], 6),
        num(it.live?.location?.[1], 6),
      ];
    });
  return humanCsv(header, rows, lang);
}
