/**
 * The import service: what follows an import is the same whoever starts it (HTTP or CLI):
 * access recomputation of what changed, and one audit entry per committed import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { projectRoot } from '../../config.ts';
import { ImportService } from './import.service.ts';
import { createTestSitesImportWriter } from './test-support/sites.import-writer.double.ts';

const FIXTURE = path.join(projectRoot, 'geodata/fixtures/osm/strasbourg-fixture.osm');

let db: TestDatabase;
let tmp: string;

/** Records what the service asks the access module to recompute. */
function accessSpy() {
  const calls = { infrastructure: [] as string[][], sites: [] as string[][] };
  return {
    calls,
    async recomputeForInfrastructure(ids: string[]) {
      calls.infrastructure.push(ids);
    },
    async recomputeSites(ids: string[]) {
      calls.sites.push(ids);
    },
  };
}

const auditRows = () =>
  db
    .knex('audit_log')
    .where('action', 'import')
    .orderBy('id')
    .select('user_id', 'entity_id', 'request_id', 'after');

beforeAll(async () => {
  db = await createTestDatabase('empty');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-import-service-'));
});
afterAll(async () => {
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`ImportService (${engineName})`, () => {
  it('recomputes the access of the changed infrastructure and sites, and audits a CLI import as `cli`', async () => {
    const access = accessSpy();
    const imports = new ImportService(db.knex, access, createTestSitesImportWriter());
    const report = await imports.run({ format: 'osm', file: FIXTURE }, 'cli');
    expect(report.ok).toBe(true);
    expect(report.byTarget.infrastructure.inserted).toBe(7);
    expect(report.byTarget.sites.inserted).toBe(2);
    expect(access.calls.infrastructure).toEqual([report.changed.ids]);
    expect(access.calls.sites).toEqual([report.changedSiteIds]);
    expect(await auditRows()).toEqual([
      {
        user_id: null,
        entity_id: `osm:${FIXTURE}`,
        request_id: 'cli',
        after: { inserted: 9, updated: 0, unchanged: 0, read: report.read },
      },
    ]);
  });

  it('neither recomputes nor audits a refused file', async () => {
    const access = accessSpy();
    const imports = new ImportService(db.knex, access, createTestSitesImportWriter());
    const file = path.join(tmp, 'broken.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature' }] }));
    const before = (await auditRows()).length;
    const report = await imports.run({ format: 'sites-geojson', file }, { requestId: 'req-1' });
    expect(report.ok).toBe(false);
    expect(report.invalidCount).toBe(1);
    expect(access.calls).toEqual({ infrastructure: [], sites: [] });
    expect(await auditRows()).toHaveLength(before);
  });

  it('audits a communes import with the HTTP request id', async () => {
    const imports = new ImportService(db.knex, accessSpy(), createTestSitesImportWriter());
    const file = path.join(tmp, 'communes.csv');
    fs.writeFileSync(
      file,
      'insee_com,commune,lat,lng,population_2021,pop_15_64_active_2021,pop_15_64_chomage_2021\n' +
        '78335,Limay,48.99114,1.73672,17626,7893,1218\n',
    );
    const report = await imports.runGraph({ format: 'insee-communes', file }, { requestId: 'req-2' });
    expect(report.ok).toBe(true);
    expect((await auditRows()).at(-1)).toEqual({
      user_id: null,
      entity_id: `insee-communes:${file}`,
      request_id: 'req-2',
      after: { communes: 1 },
    });
  });
});
