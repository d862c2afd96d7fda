/**
 * Validation of the needs form with the API's own zod schema
 * (api/src/modules/matching/needs.schema.ts), so the form refuses exactly what the API
 * would; issues are mapped back to form fields and to translatable kinds.
 */
import { issueCode } from '@api/shared/validation.ts';
import type { ZodError } from 'zod';
import type { ApiErrorDetail } from '../../api/client.ts';
import { defaultHardKeys, type HardKey, type NeedsInput, needsSchema } from '../../api/shared-matching.ts';
import { EMPTY_NEEDS_FORM, formToNeeds, type NeedsField, type NeedsForm } from './needs-form-state.ts';

/** The form field a schema path belongs to: `['maxDistanceKm', 'port']` → `distPort`. */
export function fieldOfPath(path: ReadonlyArray<PropertyKey>): NeedsField | null {
  const [a, b] = path.map(String);
  switch (a) {
    case 'surfaceHa':
      return b === 'max' ? 'surfaceMax' : 'surfaceMin';
    case 'gas':
      return b === 'capacityMwhPerDay' ? 'gasCapacity' : 'gasRequired';
    case 'maxDistanceKm':
      return (
        (
          {
            motorway: 'distMotorway',
            railFreight: 'distRailFreight',
            port: 'distPort',
            airport: 'distAirport',
          } as const
        )[b as 'motorway'] ?? null
      );
    case 'maxDriveMinutes':
      return (
        (
          {
            motorway: 'driveMotorway',
            railFreight: 'driveRailFreight',
            port: 'drivePort',
            airport: 'driveAirport',
          } as const
        )[b as 'motorway'] ?? null
      );
    case 'labourPool':
      return b === 'minutes' ? 'poolMinutes' : 'poolMinActive';
    case 'excludeRegions':
    case 'regions':
      return 'regions';
    case 'excludeDepartments':
    case 'departments':
      return 'departments';
    default:
      return (a as NeedsField) in EMPTY_NEEDS_FORM ? (a as NeedsField) : null;
  }
}

export type IssueKind = 'number' | 'positive' | 'min' | 'max' | 'maxBelowMin' | 'required' | 'other';

export interface FieldIssue {
  field: NeedsField | null;
  kind: IssueKind;
  /** The bound of min/max issues. */
  bound?: number;
  /** The schema's own (English) message: never shown, the UI says `detail` in its language. */
  message: string;
  /** The API's detail code of the issue (shared/validation.ts), put in words for 'other'. */
  detail?: ApiErrorDetail;
}

function describe(issue: ZodError['issues'][number], typed: string | undefined): Omit<FieldIssue, 'field'> {
  const i = issue as unknown as {
    code: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    inclusive?: boolean;
    message: string;
    path: PropertyKey[];
  };
  // Text that does not parse becomes NaN, which zod reports as a type error.
  if (i.code === 'invalid_type') return { kind: typed?.trim() ? 'number' : 'required', message: i.message };
  if (i.code === 'too_small') {
    const min = Number(i.minimum);
    return min === 0 && i.inclusive === false
      ? { kind: 'positive', message: i.message }
      : { kind: 'min', bound: min, message: i.message };
  }
  if (i.code === 'too_big') return { kind: 'max', bound: Number(i.maximum), message: i.message };
  if (i.code === 'custom' && i.path.join('.') === 'surfaceHa.max')
    return { kind: 'maxBelowMin', message: i.message };
  const field = i.path.map(String).join('.');
  return { kind: 'other', message: i.message, detail: { field, ...issueCode(issue), message: i.message } };
}

export type NeedsValidation =
  | { ok: true; needs: NeedsInput; parsed: ReturnType<typeof needsSchema.parse> }
  | { ok: false; issues: FieldIssue[] };

/** Validates the form with the shared schema: `validateNeedsForm(EMPTY_NEEDS_FORM)` → surfaceMin required. */
export function validateNeedsForm(f: NeedsForm): NeedsValidation {
  const needs = formToNeeds(f);
  const r = needsSchema.safeParse(needs);
  if (r.success) return { ok: true, needs, parsed: r.data };
  const issues = r.error.issues.map((i) => {
    const field = fieldOfPath(i.path);
    const typed = field && typeof f[field] === 'string' ? (f[field] as string) : undefined;
    return { field, ...describe(i, typed) };
  });
  return { ok: false, issues };
}

/**
 * The need knock-outs the form's needs turn on before `relax` (the `hard` list of a template, or
 * the defaults): what the form offers to relax. While the form is invalid, a placeholder minimum
 * surface keeps the list visible; other errors give the knock-outs every project has.
 * `knockoutsOfForm({ ...EMPTY_NEEDS_FORM, surfaceMin: '5', availableBy: '2027-01-01' })`
 * → ['surfaceHa', 'zoning', 'availableBy'].
 */
export function knockoutsOfForm(f: NeedsForm): HardKey[] {
  for (const candidate of [f, { ...f, surfaceMin: '1', surfaceMax: '' }]) {
    const v = validateNeedsForm({ ...candidate, relax: [] });
    if (v.ok) return v.parsed.hard ?? defaultHardKeys(v.parsed);
  }
  return defaultHardKeys(needsSchema.parse({ surfaceHa: { min: 1 } }));
}
