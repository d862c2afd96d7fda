/**
 * Matching in minutes and workers (issue 11, item 6) on the demo data, on both engines:
 * drive-time and labour-pool needs knock sites out and score them, with reasons in both
 * languages; their site_match copies follow site_drive_times / site_labour_pool; bad values
 * are 400s naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let staff: Client;

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff');
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const match = (body: unknown) => staff.send('POST', '/api/match', body);

describe(`matching on drive times and the labour pool (${engineName})`, () => {
  it('a Seine-axis rail + quay logistics project in minutes finds Grand-Couronne, with its workforce', async () => {
    const needs = {
      surfaceHa: { min: 20 },
      railSiding: 'required',
      quay: 'required',
      maxDriveMinutes: { motorway: 15 },
      labourPool: { minutes: 30, minActive: 50_000 },
    };
    const r = await match({ needs, limit: 20 });
    expect(r.status).toBe(200);
    const gc = r.body.results.find((x: any) => /Grand-Couronne/.test(x.name));
    expect(
      gc,
      JSON.stringify(r.body.nearMisses.map((m: any) => [m.name, m.failed.map((f: any) => f.reason_en)])),
    ).toBeTruthy();
    const drive = gc.criteria.find((c: any) => c.key === 'driveTime');
    const work = gc.criteria.find((c: any) => c.key === 'workforce');
    expect(drive.weight).toBeGreaterThan(0);
    expect(drive.reason_fr).toMatch(
      /accès autoroutier .* à \d+(,\d)? min \(poids lourd, estimation à vol d’oiseau\), max 15 min/,
    );
    expect(drive.reason_en).toMatch(
      /motorway access .* at \d+(\.\d)? min \(by truck, straight-line estimate\), max 15 min/,
    );
    expect(work.reason_fr).toMatch(/actifs à moins de 30 min .* dont .* chômeurs ; 50\u00a0000 demandés/);
    expect(work.reason_en).toMatch(/working people within 30 min .* of them unemployed; 50,000 wanted/);
    expect(work.value).toBeGreaterThanOrEqual(50_000);
    // The demo has no road graph: the estimates count as estimated data in the confidence.
    expect(drive.knowledge).toBe(0.6);
    expect(work.knowledge).toBe(0.6);
  });

  it('a labour pool no site has makes near-misses that say how far each falls short', async () => {
    const needs = { surfaceHa: { min: 5 }, labourPool: { minutes: 20, minActive: 3_000_000 } };
    const r = await match({ needs, limit: 5 });
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(0);
    expect(r.body.counts.candidates).toBe(0);
    expect(r.body.nearMisses.length).toBeGreaterThan(0);
    // (A plot in Paris's inner suburbs has 3 million within 20 min: it fails on surface only.)
    const failures = r.body.nearMisses
      .filter((m: any) => m.failed.length === 1 && m.failed[0].key === 'labourPool')
      .map((m: any) => m.failed[0]);
    expect(failures.length).toBeGreaterThan(3);
    for (const f of failures) {
      expect(f.unit).toBe('people');
      expect(f.reason_fr).toMatch(/actifs à moins de 20 min .* pour 3\u00a0000\u00a0000 demandés/);
    }
    // Ordered by how close they come: the largest pools first.
    const actual = failures.map((f: any) => f.actual as number);
    expect([...actual].sort((a, b) => b - a)).toEqual(actual);
  });

  it('keeps the site_match copies in step with site_drive_times and site_labour_pool', async () => {
    const k = app.db.knex;
    // Every copy against a lookup of its own row (NULL where the site has none).
    const lookup = (kind: string, minutes: string) =>
      `(SELECT ${minutes} FROM site_drive_times t WHERE t.site_id = m.site_id AND t.kind = '${kind}')`;
    const pool = (m: number) =>
      `(SELECT p.active::float8 FROM site_labour_pool p WHERE p.site_id = m.site_id AND p.minutes = ${m})`;
    const mismatched = async () =>
      (
        await k.raw(`
      SELECT count(*)::int AS n FROM site_match m
      WHERE (m.motorway_access_min, m.rail_freight_min, m.port_min, m.airport_min, m.active_20, m.active_30, m.active_45)
        IS DISTINCT FROM (
          ${lookup('motorway_access', 'coalesce(t.truck_minutes, t.car_minutes)')},
          ${lookup('rail_freight', 'coalesce(t.truck_minutes, t.car_minutes)')},
          ${lookup('port', 'coalesce(t.truck_minutes, t.car_minutes)')},
          ${lookup('airport', 't.car_minutes')},
          ${pool(20)}, ${pool(30)}, ${pool(45)})`)
      ).rows[0].n;
    expect(await mismatched()).toBe(0);
    const filled = await k.raw(
      'SELECT count(active_30)::int AS n, count(port_min)::int AS ports FROM site_match',
    );
    expect(filled.rows[0].n).toBeGreaterThan(0);
    expect(filled.rows[0].ports).toBeGreaterThan(0);

    const row = await k('site_labour_pool').where({ minutes: 30 }).first('site_id', 'active');
    await k('site_labour_pool').where({ site_id: row.site_id, minutes: 30 }).update({ active: 123 });
    const after = await k('site_match').where({ site_id: row.site_id }).first('active_30');
    expect(Number(after.active_30)).toBe(123);
    await k('site_labour_pool').where({ site_id: row.site_id, minutes: 30 }).update({ active: row.active });

    // A site losing its port time and its 45-minute pool: those copies become NULL, the others stay.
    const port = await k('site_drive_times').where({ kind: 'port' }).first();
    const pool45 = await k('site_labour_pool').where({ site_id: port.site_id, minutes: 45 }).first();
    const kept = await k('site_match')
      .where({ site_id: port.site_id })
      .first('motorway_access_min', 'active_20');
    await k.transaction(async (trx) => {
      await trx('site_drive_times').where({ site_id: port.site_id, kind: 'port' }).delete();
      await trx('site_labour_pool').where({ site_id: port.site_id, minutes: 45 }).delete();
    });
    const lost = await k('site_match')
      .where({ site_id: port.site_id })
      .first('port_min', 'active_45', 'motorway_access_min', 'active_20');
    expect(lost).toEqual({ port_min: null, active_45: null, ...kept });
    expect(await mismatched()).toBe(0);
    await k.transaction(async (trx) => {
      await trx('site_drive_times').insert(port);
      if (pool45) await trx('site_labour_pool').insert(pool45);
    });
    expect(await mismatched()).toBe(0);

    // Many sites in one call, their copies blanked first, as a recompute batch refreshes them.
    const all = (await k.raw('SELECT array_agg(site_id) AS ids FROM site_match')).rows[0].ids;
    await k.transaction(async (trx) => {
      await trx.raw("SELECT set_config('lm.site_match_direct', 'on', true)");
      await trx.raw(
        'UPDATE site_match SET motorway_access_min = -1, port_min = NULL, airport_min = -1, active_20 = NULL, active_45 = -1',
      );
      await trx.raw('SELECT lm_update_site_match_road(?::uuid[])', [all]);
    });
    expect(await mismatched()).toBe(0);
  });

  it('compares engine versions on a project stating drive times (version 1 ignores what it never knew)', async () => {
    const created = await staff.send('POST', '/api/projects', {
      name: 'Plateforme Seine',
      sector: 'other',
      needs: {
        surfaceHa: { min: 10 },
        maxDriveMinutes: { motorway: 15 },
        labourPool: { minutes: 30, minActive: 20_000 },
        hard: ['surfaceHa', 'maxDriveMinutes.motorway', 'labourPool'],
      },
    });
    expect(created.status).toBe(201);
    const r = await staff.get(`/api/projects/${created.body.id}/match-versions`);
    expect(r.status).toBe(200);
    expect(r.body.previous.algorithmVersion).toBe('landmatch-match/1.0.0');
    expect(r.body.changes.length).toBeGreaterThan(0);
  });

  it('refuses bad drive-time and labour-pool needs with a 400 naming the field', async () => {
    const bad = [
      [{ surfaceHa: { min: 5 }, labourPool: { minutes: 25, minActive: 100 } }, 'needs.labourPool.minutes'],
      [{ surfaceHa: { min: 5 }, labourPool: { minutes: 30, minActive: -4 } }, 'needs.labourPool.minActive'],
      [{ surfaceHa: { min: 5 }, maxDriveMinutes: { port: 0 } }, 'needs.maxDriveMinutes.port'],
      [{ surfaceHa: { min: 5 }, maxDriveMinutes: { motorway: 600 } }, 'needs.maxDriveMinutes.motorway'],
      [{ surfaceHa: { min: 5 }, maxDriveMinutes: { seaside: 10 } }, 'needs.maxDriveMinutes'],
    ] as const;
    for (const [needs, field] of bad) {
      const r = await match({ needs });
      expect(r.status, JSON.stringify(needs)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });
});
