/**
 * Phrases a project's structured needs as short sentences for the cover page, in French or
 * English. The document stays language-neutral (one object renders both languages) and the
 * wording lives next to the rest of the PDF's vocabulary.
 */
import { formatDate, formatEurM2, formatHa, formatMw, formatNumber } from './pdf-format.ts';
import { localized, valueLabel } from './pdf-labels.ts';
import type { Lang, ProjectNeeds, Requirement } from './shortlist-document.ts';

const NBSP = '\u00a0';

/** "label : value" with the French space before the colon. */
function pair(lang: Lang, name: string, value: string): string {
  return lang === 'fr' ? `${name}${NBSP}: ${value}` : `${name}: ${value}`;
}

function wanted(req: Requirement | null | undefined): req is 'required' | 'preferred' {
  return req === 'required' || req === 'preferred';
}

/**
 * One line per stated need, in a stable order (land, power and utilities, transport, rules,
 * timing and price, places, exclusions, free lines):
 * `phraseNeeds({ surfaceHa: { min: 10, max: 20 }, powerMw: 12 }, 'fr')`
 * → `['Terrain de 10 à 20 ha', 'Puissance électrique : 12 MW']`.
 */
export function phraseNeeds(needs: ProjectNeeds, lang: Lang): string[] {
  const fr = lang === 'fr';
  const lines: string[] = [];
  const s = needs.surfaceHa;
  if (s && s.min > 0) {
    let line =
      s.max != null && s.max > s.min
        ? fr
          ? `Terrain de ${formatNumber(lang, s.min)} à ${formatHa(lang, s.max)}`
          : `Plot of ${formatNumber(lang, s.min)} to ${formatHa(lang, s.max)}`
        : fr
          ? `Terrain d’au moins ${formatHa(lang, s.min)}`
          : `Plot of at least ${formatHa(lang, s.min)}`;
    if (needs.allowAssembly)
      line += fr ? ' (regroupement de parcelles accepté)' : ' (adjacent plots may be combined)';
    lines.push(line);
  }
  if (needs.powerMw != null && needs.powerMw > 0) {
    lines.push(pair(lang, fr ? 'Puissance électrique' : 'Electrical power', formatMw(lang, needs.powerMw)));
  }
  const utilities: string[] = [];
  if (needs.gas) utilities.push(fr ? 'gaz naturel' : 'natural gas');
  if (needs.waterM3PerDay != null && needs.waterM3PerDay > 0) {
    utilities.push(
      `${fr ? 'eau' : 'water'} ${formatNumber(lang, needs.waterM3PerDay, 0)}${NBSP}m³/${fr ? 'j' : 'day'}`,
    );
  }
  if (utilities.length) lines.push(pair(lang, fr ? 'Réseaux' : 'Utilities', utilities.join(', ')));
  if (wanted(needs.railSiding)) {
    lines.push(
      pair(lang, fr ? 'Embranchement ferré (ITE)' : 'Rail siding', valueLabel(lang, 'req', needs.railSiding)),
    );
  }
  if (wanted(needs.quay)) {
    lines.push(pair(lang, fr ? 'Accès à un quai' : 'Quay access', valueLabel(lang, 'req', needs.quay)));
  }
  if (wanted(needs.brownfield)) {
    lines.push(
      pair(
        lang,
        fr ? 'Recyclage foncier (friche)' : 'Brownfield land',
        valueLabel(lang, 'req', needs.brownfield),
      ),
    );
  }
  const d = needs.maxDistanceKm;
  if (d) {
    const parts: string[] = [];
    const km = (v: number) => `${formatNumber(lang, v)}${NBSP}km`;
    if (d.motorway != null) parts.push(`${fr ? 'autoroute' : 'motorway'} ${km(d.motorway)}`);
    if (d.railFreight != null) parts.push(`${fr ? 'fret ferroviaire' : 'rail freight'} ${km(d.railFreight)}`);
    if (d.port != null) parts.push(`port ${km(d.port)}`);
    if (d.airport != null) parts.push(`${fr ? 'aéroport' : 'airport'} ${km(d.airport)}`);
    if (parts.length)
      lines.push(pair(lang, fr ? 'Distances maximales' : 'Maximum distances', parts.join(', ')));
  }
  const rules: string[] = [];
  if (needs.icpeRegime && needs.icpeRegime !== 'NC') rules.push(valueLabel(lang, 'icpe', needs.icpeRegime));
  if (needs.sevesoTier && needs.sevesoTier !== 'none')
    rules.push(valueLabel(lang, 'seveso', needs.sevesoTier));
  if (rules.length) lines.push(pair(lang, fr ? 'Régime ICPE' : 'ICPE regime', rules.join(', ')));
  if (needs.availableBy) {
    lines.push(
      fr
        ? `Disponible avant le ${formatDate(lang, needs.availableBy)}`
        : `Available by ${formatDate(lang, needs.availableBy)}`,
    );
  }
  if (needs.maxPriceEurM2 != null) {
    lines.push(pair(lang, fr ? 'Prix maximal' : 'Maximum price', formatEurM2(lang, needs.maxPriceEurM2)));
  }
  const places = [...(needs.regionNames ?? []), ...(needs.departmentNames ?? [])];
  if (places.length) lines.push(pair(lang, fr ? 'Localisation' : 'Location', places.join(', ')));
  if (needs.excludeRisks?.length) {
    lines.push(
      pair(
        lang,
        fr ? 'À exclure' : 'Excluded',
        needs.excludeRisks.map((r) => valueLabel(lang, 'risk', r)).join(', '),
      ),
    );
  }
  for (const extra of needs.extraLines ?? []) {
    const text = localized(extra, lang).trim();
    if (text) lines.push(text);
  }
  return lines;
}
