/**
 * `GET /api/territories`: EPCI and EPT names from their SIREN (open data of the
 * `@etalab/decoupage-administratif` package), so screens never show a bare SIREN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('empty');
});
afterAll(async () => {
  await app?.close();
});

describe(`territory names (${engineName})`, () => {
  it('names EPCI and EPT in the order asked, null for a SIREN that is neither', async () => {
    // GPS&O (CU), Plaine Commune (EPT), a SIREN that is no intercommunality (a company's form).
    const res = await app.anonymous.get('/api/territories?siren=200059889,200057867,123456789');
    expect(res.status).toBe(200);
    expect(res.res.headers.get('cache-control')).toContain('max-age=86400');
    expect(res.body.territories).toEqual([
      { siren: '200059889', name: 'CU Grand Paris Seine et Oise', kind: 'CU' },
      { siren: '200057867', name: 'Plaine Commune', kind: 'EPT' },
      { siren: '123456789', name: null, kind: null },
    ]);
  });

  it('refuses a malformed or missing SIREN with the field named', async () => {
    for (const q of ['?siren=2000598', '', '?siren=abc', '?other=1']) {
      const res = await app.anonymous.get(`/api/territories${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });
});
