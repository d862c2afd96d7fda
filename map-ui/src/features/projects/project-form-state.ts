/**
 * The project form as strings (what inputs hold) and its conversion to the body of
 * `POST /api/projects` / `PATCH /api/projects/:id`, with the checks the server would make,
 * reported per field in translatable kinds. The needs part is the match screen's own form
 * state (needs-form-state.ts), validated with the shared needs schema by the caller.
 */

import { COUNTRY_CODES } from '@api/shared/countries.ts';
import type { Project, ProjectInput, Sector } from '../../api/projects.ts';
import { SECTORS } from '../../api/projects.ts';
import { EMPTY_NEEDS_FORM, type NeedsForm, needsToForm, parseNumber } from '../match/needs-form-state.ts';

export interface ProjectForm {
  name: string;
  company: string;
  sector: Sector | '';
  originCountry: string;
  jobs: string;
  /** In millions of euros (what people type); sent in euros. */
  investmentMeur: string;
  contactName: string;
  contactRole: string;
  contactEmail: string;
  contactPhone: string;
  notes: string;
  templateId: string;
  needs: NeedsForm;
}

export type ProjectField = Exclude<keyof ProjectForm, 'needs' | 'templateId'>;

export type ProjectIssueKind =
  | 'required'
  | 'tooLong'
  | 'wholeNumber'
  | 'number'
  | 'negative'
  | 'tooBig'
  | 'email'
  | 'contactName'
  /** Refused by the server for a reason the form did not foresee; `message` is its (English) words. */
  | 'server';

export interface ProjectIssue {
  field: ProjectField;
  kind: ProjectIssueKind;
  /** The bound for 'tooLong' (characters) and 'tooBig'. */
  bound?: number;
  message?: string;
}

export const EMPTY_PROJECT_FORM: ProjectForm = {
  name: '',
  company: '',
  sector: '',
  originCountry: '',
  jobs: '',
  investmentMeur: '',
  contactName: '',
  contactRole: '',
  contactEmail: '',
  contactPhone: '',
  notes: '',
  templateId: '',
  needs: EMPTY_NEEDS_FORM,
};

const str = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '');

/** A stored project back into the form (for editing); `projectToForm(null)` → the empty form. */
export function projectToForm(p: Project | null): ProjectForm {
  if (!p) return EMPTY_PROJECT_FORM;
  return {
    name: p.name,
    company: p.company ?? '',
    sector: p.sector,
    originCountry: p.originCountry ?? '',
    jobs: str(p.jobs),
    investmentMeur: p.investmentEur === null ? '' : String(Math.round(p.investmentEur / 1e4) / 100),
    contactName: p.contact?.name ?? '',
    contactRole: p.contact?.role ?? '',
    contactEmail: p.contact?.email ?? '',
    contactPhone: p.contact?.phone ?? '',
    notes: p.notes ?? '',
    templateId: '',
    needs: p.needs ? needsToForm(p.needs) : EMPTY_NEEDS_FORM,
  };
}

/** True when the needs form holds anything besides its defaults (a project may have no needs yet). */
export function needsStated(n: NeedsForm): boolean {
  return JSON.stringify(n) !== JSON.stringify(EMPTY_NEEDS_FORM);
}

/** The project sector a matching template suggests: `sectorOfTemplate('battery-cells')` → 'battery_cells'. */
export function sectorOfTemplate(templateId: string): Sector | null {
  const special: Record<string, Sector> = { 'health-products': 'medical_devices' };
  if (special[templateId]) return special[templateId];
  const exact = templateId.replace(/-/g, '_');
  if ((SECTORS as readonly string[]).includes(exact)) return exact as Sector;
  const head = templateId.split('-')[0];
  return SECTORS.find((s) => s.split('_')[0] === head) ?? null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type ProjectFormResult =
  | { ok: true; body: Omit<ProjectInput, 'needs'> }
  | { ok: false; issues: ProjectIssue[] };

/**
 * Checks the form and builds the body (without the needs): empty optional fields become
 * `null` so an edit can clear them. `formToProject({ ...EMPTY_PROJECT_FORM, name: 'Volta',
 * sector: 'battery_cells', investmentMeur: '1,5' })` → body with `investmentEur: 1500000`.
 */
export function formToProject(f: ProjectForm): ProjectFormResult {
  const issues: ProjectIssue[] = [];
  const text = (field: ProjectField, max: number, required = false): string | null => {
    const v = (f[field] as string).trim();
    if (!v) {
      if (required) issues.push({ field, kind: 'required' });
      return null;
    }
    if (v.length > max) issues.push({ field, kind: 'tooLong', bound: max });
    return v;
  };
  const name = text('name', 120, true);
  const company = text('company', 200);
  if (!f.sector) issues.push({ field: 'sector', kind: 'required' });

  let jobs: number | null = null;
  const j = parseNumber(f.jobs);
  if (j !== undefined) {
    if (!Number.isInteger(j)) issues.push({ field: 'jobs', kind: 'wholeNumber' });
    else if (j < 0) issues.push({ field: 'jobs', kind: 'negative' });
    else if (j > 100_000) issues.push({ field: 'jobs', kind: 'tooBig', bound: 100_000 });
    else jobs = j;
  }
  let investmentEur: number | null = null;
  const inv = parseNumber(f.investmentMeur);
  if (inv !== undefined) {
    if (!Number.isFinite(inv)) issues.push({ field: 'investmentMeur', kind: 'number' });
    else if (inv < 0) issues.push({ field: 'investmentMeur', kind: 'negative' });
    else if (inv > 1_000_000) issues.push({ field: 'investmentMeur', kind: 'tooBig', bound: 1_000_000 });
    else investmentEur = Math.round(inv * 1e6);
  }

  const contactName = text('contactName', 200);
  const contactRole = text('contactRole', 120);
  const contactEmail = text('contactEmail', 200);
  const contactPhone = text('contactPhone', 40);
  if (contactEmail && !EMAIL.test(contactEmail)) issues.push({ field: 'contactEmail', kind: 'email' });
  if (!contactName && (contactRole || contactEmail || contactPhone))
    issues.push({ field: 'contactName', kind: 'contactName' });
  const notes = text('notes', 10_000);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    body: {
      name: name!,
      company,
      sector: f.sector as Sector,
      originCountry: f.originCountry || null,
      jobs,
      investmentEur,
      contact: contactName
        ? { name: contactName, role: contactRole, email: contactEmail, phone: contactPhone }
        : null,
      notes,
    },
  };
}

/**
 * The ISO 3166-1 alpha-2 countries the API accepts (shared/countries.ts), named in the UI
 * language and sorted by name: `countryOptions('fr')[0]` → `{ code: 'AF', name: 'Afghanistan' }`.
 */
export function countryOptions(lang: string): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((x, y) =>
    x.name.localeCompare(y.name, lang),
  );
}
