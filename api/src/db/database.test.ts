import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../tests/helpers/test-db.ts';
import { migrateLatest, migrateRollbackAll, migrationStatus } from './migrate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('empty');
});
afterAll(async () => {
  await db?.drop();
});

describe(`database (${engineName})`, () => {
  it('reports the engine and probes capabilities once', () => {
    expect(db.engine).toBe(engineName);
    expect(db.capabilities.postgisVersion).toMatch(/^3\./);
    // The embedded build has no protobuf-c, so no ST_AsMVT; the server has it.
    expect(db.capabilities.mvt).toBe(engineName === 'postgis');
  });

  it('rolls every migration back and re-applies it', async () => {
    const before = await migrationStatus(db.knex);
    expect(before.pending).toEqual([]);
    const rolled = await migrateRollbackAll(db.knex);
    expect(rolled.length).toBe(before.applied.length);
    const tables = await db.knex.raw(
      "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('sites','users','infrastructure')",
    );
    expect(tables.rows[0].n).toBe(0);
    const applied = await migrateLatest(db.knex);
    expect(applied).toEqual(before.applied);
  });

  it('folds accents and case in the stored search text', async () => {
    const r = await db.knex.raw("select lm_fold('Étrechet-Œuvre ÀÇ') as t");
    expect(r.rows[0].t).toBe('etrechet ouvre ac');
  });
});
