/**
 * GDAL's own OGC API – Features client (the OAPIF driver of ogrinfo/ogr2ogr) against the real
 * app on a real port, over the demo data: it must list both collections, count what the API
 * counts, and page through the next links to the last feature. CI installs gdal-bin; elsewhere
 * the file is skipped when ogrinfo is missing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const run = promisify(execFile);

async function gdalVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('ogrinfo', ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

const version = await gdalVersion();
const COLLECTIONS = ['sites', 'infrastructure'] as const;
// Île-de-France, roughly: a spatial filter GDAL sends as bbox=.
const IDF = ['1.4', '48.1', '3.6', '49.3'];

/** Runs a GDAL tool; with `token`, GDAL sends it as a Bearer header on every request. */
async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[], token?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' };
  if (token) env.GDAL_HTTP_HEADERS = `Authorization: Bearer ${token}`;
  const { stdout } = await run(tool, args, { timeout: 120_000, env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

const featureCount = (ogrinfo: string) => {
  const m = /^Feature Count: (\d+)$/m.exec(ogrinfo);
  if (!m) throw new Error(`no feature count in:\n${ogrinfo}`);
  return Number(m[1]);
};

if (!version && process.env.CI) {
  describe('GDAL OAPIF client', () => {
    it('needs ogrinfo/ogr2ogr, which CI must install (apt-get install gdal-bin)', () => {
      throw new Error('ogrinfo was not found on PATH although CI is set: install gdal-bin.');
    });
  });
}

describe.skipIf(!version)(
  `GDAL OAPIF client: ${version ?? 'ogrinfo not found, skipped'} (${engineName})`,
  () => {
    let app: TestApp;
    let dataset: string;
    let staffToken: string;
    let tmp: string;

    const numberMatched = async (collection: string, query = '', token?: string) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const res = await fetch(`${app.url}/ogc/collections/${collection}/items?limit=1${query}`, { headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { numberMatched: number }).numberMatched;
    };

    beforeAll(async () => {
      app = await startTestApp('demo');
      dataset = `OAPIF:${app.url}/ogc`;
      const email = `gdal-${Date.now()}@test.example`;
      await app.services.auth.createUser({ email, role: 'staff', password: TEST_PASSWORD, territories: [] });
      staffToken = (await app.services.auth.createToken(email)).token;
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-ogc-gdal-'));
    });
    afterAll(async () => {
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
      await app?.close();
    });

    it('lists both collections with their geometry types', async () => {
      const out = await gdal('ogrinfo', ['-ro', '-so', dataset]);
      expect(out).toMatch(/^1: sites \(title: Industrial sites\) \(Multi Polygon\)$/m);
      expect(out).toMatch(/^2: infrastructure \(title: Infrastructure\) \(Point\)$/m);
    });

    it.each(COLLECTIONS)(
      'counts %s as the API does and copies every feature through the next links',
      async (c) => {
        const expected = await numberMatched(c);
        // More than GDAL's 10-feature pages, so the copy has to follow next links.
        expect(expected).toBeGreaterThan(30);
        expect(featureCount(await gdal('ogrinfo', ['-ro', '-al', '-so', dataset, c]))).toBe(expected);

        const out = path.join(tmp, `${c}.geojson`);
        await gdal('ogr2ogr', ['-f', 'GeoJSON', out, dataset, c]);
        const copied = JSON.parse(fs.readFileSync(out, 'utf8')) as {
          features: Array<{ properties: { id: string }; geometry: unknown }>;
        };
        expect(copied.features).toHaveLength(expected);
        const api = await fetch(`${app.url}/ogc/collections/${c}/items?limit=10000`);
        const apiIds = ((await api.json()) as { features: Array<{ id: string }> }).features.map((f) => f.id);
        expect(copied.features.map((f) => f.properties.id).sort()).toEqual(apiIds.sort());
        expect(copied.features.every((f) => f.geometry)).toBe(true);
      },
    );

    it('passes a spatial filter as bbox and gets the API count', async () => {
      const expected = await numberMatched('infrastructure', `&bbox=${IDF.join(',')}`);
      expect(expected).toBeGreaterThan(10);
      const out = await gdal('ogrinfo', ['-ro', '-so', '-spat', ...IDF, dataset, 'infrastructure']);
      expect(featureCount(out)).toBe(expected);
    });

    it('sees unpublished sites with an API token, like the API', async () => {
      const anonymous = await numberMatched('sites');
      const staff = await numberMatched('sites', '', staffToken);
      expect(staff).toBeGreaterThan(anonymous);
      const out = path.join(tmp, 'sites-staff.geojson');
      await gdal('ogr2ogr', ['-f', 'GeoJSON', out, dataset, 'sites'], staffToken);
      expect(JSON.parse(fs.readFileSync(out, 'utf8')).features).toHaveLength(staff);
    });
  },
);
