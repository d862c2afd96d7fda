/**
 * The demo data reads true (issue 11): the real interchanges of Croissy-Beaubourg and
 * Grand-Couronne are found within a few km and minutes, a Seine-axis rail + quay logistics
 * project finds Grand-Couronne, and Limay has a 30-minute labour pool out of the box.
 * No road graph is imported in the demo: every figure is an `estimate`, and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let staff: Client;

async function siteNamed(fragment: string) {
  const row = await app.db.knex('sites').whereILike('site_nom', `%${fragment}%`).first('id');
  const { status, body } = await staff.get(`/api/sites/${row.id}`);
  expect(status).toBe(200);
  return body;
}

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff');
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe(`demo drive times and labour pool (${engineName})`, () => {
  it('Croissy-Beaubourg is on the A4 × A104 interchange, a minute or two away', async () => {
    const site = await siteNamed('Croissy-Beaubourg');
    const m = site.properties.access.find((a: any) => a.kind === 'motorway_access');
    expect(m.name).toMatch(/A4 × A104.*Collégien/);
    expect(m.distanceM).toBeLessThan(3000);
    expect(m.driveMinutes).toBeLessThan(5);
    expect(m.method).toBe('estimate');
  });

  it('Grand-Couronne reaches the A13 at exit 24 (Maison-Brûlée) within a few km and minutes', async () => {
    const site = await siteNamed('Grand-Couronne');
    const m = site.properties.access.find((a: any) => a.kind === 'motorway_access');
    expect(m.name).toMatch(/A13 – échangeur n°24 Maison-Brûlée/);
    expect(m.distanceM).toBeLessThan(6000);
    expect(m.driveMinutes).toBeLessThan(10);
    expect(m.truckMinutes).toBeGreaterThan(m.driveMinutes);
  });

  it('a Seine-axis rail + quay logistics project finds Grand-Couronne', async () => {
    const needs = {
      surfaceHa: { min: 20 },
      railSiding: 'required',
      quay: 'required',
      maxDistanceKm: { motorway: 10 },
      hard: ['railSiding', 'quay', 'maxDistanceKm.motorway'],
    };
    const { status, body } = await staff.send('POST', '/api/match', { needs, limit: 20 });
    expect(status).toBe(200);
    const names = body.results.map((r: any) => r.name ?? r.site?.name ?? '');
    expect(names.some((n: string) => /Grand-Couronne/.test(n))).toBe(true);
  });

  it('Limay (Hauts-Reposoirs) has a 30-minute labour pool between the commune and Île-de-France', async () => {
    const site = await siteNamed('Hauts-Reposoirs, Limay');
    const pool30 = site.properties.labourPool.find((p: any) => p.minutes === 30);
    expect(pool30.method).toBe('estimate');
    // Île-de-France's active population aged 15–64 from the full INSEE file (one row per commune).
    const rows = parse(
      fs.readFileSync(path.join(projectRoot, '..', 'shared/data/insee/communes-population.csv')),
      {
        columns: true,
      },
    ) as Array<Record<string, string>>;
    const idf = new Map(
      rows.filter((r) => r.insee_reg === '11').map((r) => [r.insee_com, Number(r.pop_15_64_active_2021)]),
    );
    const idfActive = [...idf.values()].reduce((a, b) => a + b, 0);
    expect(pool30.active).toBeGreaterThan(7893); // Limay's own active population
    expect(pool30.active).toBeLessThan(idfActive);
    const [p20, , p45] = site.properties.labourPool;
    expect(p20.active).toBeLessThanOrEqual(pool30.active);
    expect(p45.active).toBeGreaterThanOrEqual(pool30.active);
    expect(pool30.unemployed).toBeLessThan(pool30.active);
  });
});
