/**
 * The lead form's values and their checks before sending, in the UI's words (the server checks
 * again and its field names are mapped back to these fields).
 */
export interface LeadFormValues {
  company: string;
  contactName: string;
  email: string;
  phone: string;
  summary: string;
  sector: string;
  surfaceHa: string;
  powerMw: string;
  jobs: string;
  availableBy: string;
  consent: boolean;
  /** The honeypot: hidden from people, filled by robots. */
  website: string;
}

export const EMPTY_LEAD: LeadFormValues = {
  company: '',
  contactName: '',
  email: '',
  phone: '',
  summary: '',
  sector: '',
  surfaceHa: '',
  powerMw: '',
  jobs: '',
  availableBy: '',
  consent: false,
  website: '',
};

export type LeadField = Exclude<keyof LeadFormValues, 'website'>;
/** Message keys (`lead.error.<key>`) per field. */
export type LeadErrors = Partial<
  Record<LeadField, 'required' | 'email' | 'positive' | 'notNegative' | 'whole' | 'consent' | 'invalid'>
>;

const number = (s: string): number | null => {
  const t = s.trim().replace(/\s/g, '').replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** `checkLead({ ...EMPTY_LEAD })` → `{ company: 'required', … }`; `{}` when the form can be sent. */
export function checkLead(v: LeadFormValues): LeadErrors {
  const e: LeadErrors = {};
  for (const k of ['company', 'contactName', 'email', 'summary', 'surfaceHa', 'powerMw'] as const) {
    if (!v[k].trim()) e[k] = 'required';
  }
  if (!e.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) e.email = 'email';
  const surface = number(v.surfaceHa);
  if (!e.surfaceHa && !(surface !== null && surface > 0)) e.surfaceHa = 'positive';
  const power = number(v.powerMw);
  if (!e.powerMw && !(power !== null && power >= 0)) e.powerMw = 'notNegative';
  const jobs = number(v.jobs);
  if (jobs !== null && !(Number.isInteger(jobs) && jobs >= 0)) e.jobs = 'whole';
  if (!v.consent) e.consent = 'consent';
  return e;
}

/** The request body (numbers parsed, empty optional fields left out). */
export function leadBody(siteId: string, v: LeadFormValues, formToken: string) {
  const jobs = number(v.jobs);
  return {
    siteId,
    company: v.company.trim(),
    contactName: v.contactName.trim(),
    email: v.email.trim(),
    ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
    summary: v.summary.trim(),
    ...(v.sector ? { sector: v.sector as never } : {}),
    surfaceHa: number(v.surfaceHa) as number,
    powerMw: number(v.powerMw) as number,
    ...(jobs !== null ? { jobs } : {}),
    ...(v.availableBy ? { availableBy: v.availableBy } : {}),
    consent: v.consent,
    website: v.website,
    formToken,
  };
}

const FIELDS = new Set<string>(Object.keys(EMPTY_LEAD));

/** Server detail fields (`surfaceHa`, `email`…) as form fields; others are dropped. */
export function serverErrors(details: Array<{ field: string }>): LeadErrors {
  const e: LeadErrors = {};
  for (const d of details) {
    const f = d.field === 'phone' || FIELDS.has(d.field) ? (d.field as LeadField) : null;
    if (f && f !== ('website' as LeadField)) e[f] = f === 'consent' ? 'consent' : 'invalid';
  }
  return e;
}
