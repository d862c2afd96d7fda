/**
 * Every refusal names its kind with stable codes (api/src/shared/errors.ts): the top-level
 * `error.code`, and per refused field `field` (the input's name), `code` and `params`, so the
 * UI can say it in its own language (map-ui/src/ui/error-text.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_CODES, ERROR_CODES } from '../../api/src/shared/errors.ts';
import { siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let staff: Client;
const seen: unknown[] = [];

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  staff = await app.login('staff', { territories: ['200059889'] });
});
afterAll(async () => {
  await app?.close();
});

type Detail = { field: string; code: string; params?: Record<string, unknown>; message: string };

/** The body of a refusal, kept for the last test (every code is a listed one). */
function refusal(r: { status: number; body: any }, status = 400): { code: string; details: Detail[] } {
  expect(r.status).toBe(status);
  seen.push(r.body);
  return r.body.error;
}

describe(`API error codes and field names (${engineName})`, () => {
  it('a minimum above the maximum in the site list: min_exceeds_max on minAreaHa, naming maxAreaHa', async () => {
    const e = refusal(await app.anonymous.get('/api/sites?minAreaHa=50&maxAreaHa=10'));
    expect(e.code).toBe('invalid_input');
    expect(e.details).toEqual([
      expect.objectContaining({
        field: 'minAreaHa',
        code: 'min_exceeds_max',
        params: { other: 'maxAreaHa' },
      }),
    ]);
  });

  it.each([
    ['a negative number', 'minAreaHa=-1', 'minAreaHa', 'too_small', { minimum: 0 }],
    ['a number too large', 'minAreaHa=1e9', 'minAreaHa', 'too_big', { maximum: 100_000 }],
    ['not a number', 'minPowerMw=abc', 'minPowerMw', 'invalid_type', { expected: 'number' }],
    ['an unknown parameter', 'colour=red', 'colour', 'unknown_field', { keys: ['colour'] }],
    ['a bbox of 3 numbers', 'bbox=1,2,3', 'bbox', 'invalid_bbox', undefined],
    ['a bbox upside down', 'bbox=3,48,2,47', 'bbox', 'min_exceeds_max', undefined],
    ['a limit of 0', 'limit=0', 'limit', 'too_small', { minimum: 1 }],
  ])('the site list refuses %s with a code and the field', async (_what, query, field, code, params) => {
    const e = refusal(await app.anonymous.get(`/api/sites?${query}`));
    expect(e.code).toBe('invalid_input');
    expect(e.details[0].field).toBe(field);
    expect(e.details[0].code).toBe(code);
    if (params) expect(e.details[0].params).toMatchObject(params);
  });

  it('the matcher names needs fields: an unknown département, min above max, a bad date', async () => {
    const e = refusal(
      await staff.send('POST', '/api/match', {
        needs: { surfaceHa: { min: 40, max: 10 }, departments: ['999'], availableBy: '1990-01-01' },
      }),
    );
    const byField = Object.fromEntries(e.details.map((d) => [d.field, d]));
    expect(byField['needs.departments.0']).toMatchObject({ code: 'unknown_departement' });
    expect(byField['needs.surfaceHa.max']).toMatchObject({
      code: 'min_exceeds_max',
      params: { other: 'surfaceHa.min' },
    });
    expect(byField['needs.availableBy']).toMatchObject({
      code: 'date_out_of_range',
      params: { min: '2000-01-01', max: '2100-12-31' },
    });
  });

  it('a site write names each property: required, invalid_choice with the values, NUL text, geometry', async () => {
    const missing = refusal(await admin.send('POST', '/api/sites', siteBody({ name: undefined })));
    expect(missing.details[0]).toMatchObject({ field: 'properties.name', code: 'required' });
    const status = refusal(await admin.send('POST', '/api/sites', siteBody({ status: 'reserved' })));
    expect(status.details[0]).toMatchObject({ field: 'properties.status', code: 'invalid_choice' });
    expect(status.details[0].params?.values).toContain('available');
    const nul = refusal(await admin.send('POST', '/api/sites', siteBody({ name: 'Parc\u0000' })));
    expect(nul.details[0]).toMatchObject({ field: 'properties.name', code: 'nul_character' });
    const formula = refusal(await admin.send('POST', '/api/sites', siteBody({ name: '=HYPERLINK("x")' })));
    expect(formula.details[0]).toMatchObject({ field: 'properties.name', code: 'formula_text' });
    const body = siteBody();
    const open = {
      ...body,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [2, 48],
            [2.01, 48],
            [2.01, 48.01],
            [2, 48.01],
          ],
        ],
      },
    };
    const geometry = refusal(await admin.send('POST', '/api/sites', open));
    expect(geometry.details[0]).toMatchObject({ code: 'invalid_geometry' });
    expect(geometry.details[0].field.startsWith('geometry')).toBe(true);
    const dep = refusal(await admin.send('POST', '/api/sites', siteBody({ communeInsee: '96001' })));
    expect(dep.details[0]).toMatchObject({ field: 'properties.communeInsee', code: 'unknown_departement' });
  });

  it('a project names its fields: unknown country, unknown field', async () => {
    const e = refusal(
      await staff.send('POST', '/api/projects', {
        name: 'Volta',
        sector: 'battery_cells',
        originCountry: 'XX',
      }),
    );
    expect(e.details).toContainEqual(
      expect.objectContaining({ field: 'originCountry', code: 'unknown_country' }),
    );
    const u = refusal(
      await staff.send('POST', '/api/projects', { name: 'Volta', sector: 'other', colour: 'red' }),
    );
    expect(u.details).toContainEqual(
      expect.objectContaining({ field: 'colour', code: 'unknown_field', params: { keys: ['colour'] } }),
    );
  });

  it('a tile out of range: out_of_range on z with the bounds', async () => {
    const e = refusal(await app.anonymous.get('/tiles/sites/40/0/0.mvt'));
    expect(e.details[0]).toMatchObject({ field: 'z', code: 'out_of_range' });
    expect(e.details[0].params).toHaveProperty('max');
  });

  it('top-level codes without details: invalid_json, unauthenticated, not_found', async () => {
    const bad = await admin.fetch('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    const badBody = await bad.json();
    expect(refusal({ status: bad.status, body: badBody }).code).toBe('invalid_json');
    expect(refusal(await app.anonymous.get('/api/projects'), 401).code).toBe('unauthenticated');
    expect(refusal(await app.anonymous.get('/api/no-such-route'), 404).code).toBe('not_found');
    expect(
      refusal(await app.anonymous.get('/api/sites/00000000-0000-4000-8000-000000000000'), 404).code,
    ).toBe('not_found');
  });

  it('every code sent above is one the UI has words for (the lists in shared/errors.ts)', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const body of seen as { error: { code: string; details?: Detail[] } }[]) {
      expect(ERROR_CODES).toContain(body.error.code);
      for (const d of Array.isArray(body.error.details) ? body.error.details : []) {
        expect(DETAIL_CODES).toContain(d.code);
        expect(typeof d.field).toBe('string');
        expect(d.field).not.toBe('');
      }
    }
  });
});
