/**
 * The per-site read models (`site_access`, `site_drive_times`, `site_labour_pool`) have no
 * foreign keys since migration 0018 (their row-level checks were 40 % of a bulk recompute);
 * the parents' rules hold through statement triggers and the recompute's own locks
 * (access.store.pg.ts). Checked here on the demo data: a deleted site takes its rows, a deleted
 * feature leaves NULL where it was named, a batch recompute queues nothing and still leaves
 * `site_match` as a rebuild would, and (server) a delete concurrent with a recompute waits for
 * it and then removes what it wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../api/src/modules/access/access.service.ts';
import {
  lockSites,
  recomputeSiteAccess,
  settleFeatureReferences,
} from '../../api/src/modules/access/access.store.pg.ts';
import { createTestDatabase, engineName, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

const DERIVED = ['site_access', 'site_drive_times', 'site_labour_pool', 'site_match'];

let db: TestDatabase;

async function rowsOf(siteId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of DERIVED) {
    const r = await db.knex.raw('SELECT count(*)::int AS n FROM ?? WHERE site_id = ?', [t, siteId]);
    out[t] = r.rows[0].n;
  }
  return out;
}

async function someSite(offset = 0): Promise<string> {
  const r = await db.knex.raw('SELECT id::text AS id FROM sites ORDER BY id OFFSET ? LIMIT 1', [offset]);
  return r.rows[0].id;
}

beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db?.drop();
});

describe(`derived rows without foreign keys (${engineName})`, () => {
  it('a deleted site takes its access, drive-time, labour-pool and match rows', async () => {
    const id = await someSite(0);
    expect(await rowsOf(id)).toEqual({
      site_access: 7,
      site_drive_times: 7,
      site_labour_pool: 3,
      site_match: 1,
    });
    await db.knex.raw('DELETE FROM sites WHERE id = ?', [id]);
    expect(await rowsOf(id)).toEqual({
      site_access: 0,
      site_drive_times: 0,
      site_labour_pool: 0,
      site_match: 0,
    });
  });

  it('a deleted feature leaves NULL where it was named, and the next change recomputes those sites', async () => {
    const r = await db.knex.raw(
      `SELECT infrastructure_id::text AS id, count(*)::int AS n FROM site_access
       WHERE kind = 'motorway_access' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    const feature = r.rows[0].id as string;
    const named = r.rows[0].n as number;
    expect(named).toBeGreaterThan(0);
    await db.knex.raw('DELETE FROM infrastructure WHERE id = ?', [feature]);
    const left = await db.knex.raw(
      `SELECT (SELECT count(*) FROM site_access WHERE infrastructure_id = :f)::int AS access,
              (SELECT count(*) FROM site_drive_times WHERE infrastructure_id = :f)::int AS drive,
              (SELECT count(*) FROM site_access WHERE kind = 'motorway_access' AND infrastructure_id IS NULL)::int AS nulls`,
      { f: feature },
    );
    expect(left.rows[0]).toMatchObject({ access: 0, drive: 0 });
    expect(left.rows[0].nulls).toBeGreaterThanOrEqual(named);
    // What an infrastructure import does next: the sites without a feature are recomputed.
    await new AccessService(db.knex).recomputeForInfrastructure([feature]);
    const after = await db.knex.raw(
      `SELECT count(*)::int AS n FROM site_access WHERE kind = 'motorway_access' AND infrastructure_id IS NULL`,
    );
    expect(after.rows[0].n).toBe(0);
  });

  it('a row naming a feature deleted under the recompute gets NULL when the references settle', async () => {
    const id = await someSite(1);
    await db.knex.transaction(async (trx) => {
      await recomputeSiteAccess(trx, [id]);
      // As if the nearest feature had been deleted and committed between the search and the lock.
      await trx.raw(
        "UPDATE site_access SET infrastructure_id = gen_random_uuid() WHERE site_id = ? AND kind = 'port'",
        [id],
      );
      await settleFeatureReferences(trx, [id]);
      const r = await trx.raw(
        "SELECT infrastructure_id FROM site_access WHERE site_id = ? AND kind = 'port'",
        [id],
      );
      expect(r.rows[0].infrastructure_id).toBeNull();
    });
  });

  it('a batch recompute queues nothing and leaves site_match as a rebuild would', async () => {
    const before = await db.knex.raw('SELECT * FROM site_match ORDER BY site_id');
    await db.knex.raw('UPDATE site_match SET motorway_access_m = -1, active_30 = -1');
    const report = await new AccessService(db.knex).recomputeAll({ batchSize: 7 });
    expect(report.sites).toBeGreaterThan(7);
    const pending = await db.knex.raw('SELECT count(*)::int AS n FROM site_match_pending');
    expect(pending.rows[0].n).toBe(0);
    const mine = await db.knex.raw('SELECT * FROM site_match ORDER BY site_id');
    await db.knex.raw('SELECT lm_rebuild_site_match()');
    const rebuilt = await db.knex.raw('SELECT * FROM site_match ORDER BY site_id');
    expect(mine.rows).toEqual(rebuilt.rows);
    expect(mine.rows.length).toBe(before.rows.length);
  });

  it.skipIf(!serverUrl)(
    'a site deleted during its recompute waits for it, then takes the new rows',
    async () => {
      const id = await someSite(2);
      const trx = await db.knex.transaction();
      let deleted = false;
      let deleting: Promise<unknown> | null = null;
      try {
        await trx.raw("SET LOCAL application_name = 'lm_recompute_probe'");
        await lockSites(trx, [id]);
        deleting = db.knex.raw('DELETE FROM sites WHERE id = ?', [id]).then(() => {
          deleted = true;
        });

        // The delete is queued behind the recompute's lock.
        let waiting = false;
        for (let i = 0; i < 100 && !waiting; i++) {
          const w = await trx.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
          );
          waiting = w.rows[0].n === 1;
          if (!waiting) await new Promise((r) => setTimeout(r, 50));
        }
        expect(waiting).toBe(true);
        await recomputeSiteAccess(trx, [id]);
        expect(deleted).toBe(false);
        await trx.commit();
      } catch (err) {
        await trx.rollback();
        throw err;
      }
      await deleting;
      expect(deleted).toBe(true);
      expect(await rowsOf(id)).toEqual({
        site_access: 0,
        site_drive_times: 0,
        site_labour_pool: 0,
        site_match: 0,
      });
    },
  );
});
