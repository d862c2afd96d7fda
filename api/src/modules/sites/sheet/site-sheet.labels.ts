/**
 * The single-site sheet's own words, French and English (the shared facts, access and
 * readiness labels come from projects/pdf/pdf-labels.ts). Keys are the same in both languages.
 */
import type { Lang } from '../../projects/pdf/shortlist-document.ts';

const FR = {
  band: 'Fiche site',
  publicDocument: 'Document public',
  labourPool: 'Bassin d’emploi',
  withinMinutes: '{n} min en voiture',
  population: 'Population',
  active: 'Actifs 15–64 ans',
  unemployed: 'Chômeurs 15–64 ans',
  labourEstimate: '≈ estimation à vol d’oiseau (réseau routier non importé).',
  labourSource: 'INSEE, recensement 2021, communes dont le centre est à portée.',
  labourUnknown: 'Non calculé pour ce site.',
  sourceTitle: 'Source et fraîcheur',
  source: 'Source',
  sourceUpdated: 'Source mise à jour le',
  recordUpdated: 'Fiche mise à jour le',
  dataQuality: 'Qualité des données',
  illustrativeFields: '{n} champ(s) illustratif(s) : valeurs d’exemple, à confirmer auprès du contact.',
  illustrativeSite:
    'Site illustratif : ses valeurs sont des exemples de démonstration, pas des faits vérifiés.',
  disclaimer:
    'Informations indicatives, sans valeur contractuelle : à confirmer auprès du contact avant toute décision.',
  interested: 'Intéressé ? Contactez le territoire ou utilisez « Je suis intéressé » sur la carte : {url}',
  interestedNoUrl: 'Intéressé ? Contactez le territoire ou utilisez « Je suis intéressé » sur la carte.',
  noContact: 'Aucun contact renseigné pour ce site.',
  dash: '—',
};

type SheetLabel = keyof typeof FR;

const EN: Record<SheetLabel, string> = {
  band: 'Site sheet',
  publicDocument: 'Public document',
  labourPool: 'Labour pool',
  withinMinutes: '{n} min by car',
  population: 'Population',
  active: 'Working people aged 15–64',
  unemployed: 'Unemployed aged 15–64',
  labourEstimate: '≈ estimated from straight lines (no road network imported).',
  labourSource: 'INSEE, 2021 census, communes whose centre is in reach.',
  labourUnknown: 'Not computed for this site.',
  sourceTitle: 'Source and freshness',
  source: 'Source',
  sourceUpdated: 'Source updated on',
  recordUpdated: 'Record updated on',
  dataQuality: 'Data quality',
  illustrativeFields: '{n} illustrative field(s): example values, to be confirmed with the contact.',
  illustrativeSite: 'Illustrative site: its values are demonstration examples, not checked facts.',
  disclaimer: 'Indicative information, not contractual: confirm it with the contact before any decision.',
  interested: 'Interested? Contact the territory or use “I’m interested” on the map: {url}',
  interestedNoUrl: 'Interested? Contact the territory or use “I’m interested” on the map.',
  noContact: 'No contact stated for this site.',
  dash: '—',
};

/** `sheetLabel('en', 'withinMinutes', { n: 30 })` → '30 min by car'. */
export function sheetLabel(lang: Lang, key: SheetLabel, vars: Record<string, string | number> = {}): string {
  const text = (lang === 'fr' ? FR : EN)[key];
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export const SHEET_LABEL_KEYS = { fr: Object.keys(FR), en: Object.keys(EN) };
