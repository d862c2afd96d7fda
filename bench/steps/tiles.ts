/**
 * Issue 5 figures: site tiles on the bench plots (1,000,000; 100,000 with --quick) at z6, z8,
 * z10, z12, z14 over Lyon and over the whole of France, through HTTP (the real app, child
 * process) and as the raw SQL alone (`PostgisMvtEncoder.encode`, exactly the statement the route
 * runs) in the same run, with tile sizes; then z14 throughput, HTTP (autocannon) vs raw SQL at
 * the same concurrency. Targets: every tile ≤ 500 KB, p95 ≤ 100 ms, HTTP ≥ 0.8 × raw.
 * Below z12 unfiltered tiles read the precomputed cluster grid (migration 0005) and the app
 * keeps encoded tiles in an in-process cache keyed by data version: HTTP repeats of a tile are
 * cache hits, so the table also gives the app's first request of each tile (the miss) apart,
 * and the z14 throughput over a fixed tile set mostly measures the cache.
 */
import autocannon from 'autocannon';
import { PostgisMvtEncoder } from '../../api/src/modules/tiles/tiles.encoder.pg.ts';
import { MAX_TILE_BYTES, TILE_LAYERS } from '../../api/src/modules/tiles/tiles.service.ts';
import { buildGrid, dropGrid, gridPlots, gridTile, plotsInTile } from '../experiments/tile-grid.ts';
import { type AppProcess, startApp } from '../lib/app-process.ts';
import type { BenchContext } from '../lib/context.ts';
import { backendCpuMeter, loadAvg } from '../lib/machine.ts';
import { type StepResult, table, verdict } from '../lib/report.ts';
import { fmtBytes, fmtMs, runFor, summarize } from '../lib/stats.ts';
import {
  CITY,
  cityTiles,
  franceTiles,
  plotTiles,
  randomFranceTiles,
  seeded,
  type Tile,
  tileKey,
} from '../lib/tiles-sample.ts';

const ZOOMS = [6, 8, 10, 12, 14];
const SAMPLES = 60;
const SEED = 42;
const P95_TARGET_MS = 100;
const THROUGHPUT_CONCURRENCY = 8;
const MEASURED_TILES = 40;
const MIN_SAMPLES = 10;
const BUDGET_MS = 90_000;

/** A seeded Fisher–Yates shuffle (same order every run). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rnd = seeded(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

interface AreaRow {
  area: string;
  z: number;
  tiles: number;
  empty: number;
  samples: number;
  raw: ReturnType<typeof summarize>;
  http: ReturnType<typeof summarize>;
  firstPass: ReturnType<typeof summarize>;
  /** HTTP requests that were the app's first for their tile (a tile-cache miss). */
  httpCold: ReturnType<typeof summarize>;
  maxBytes: number;
  avgBytes: number;
  overCap: number;
  sizeMismatches: number;
  httpErrors: number;
  firstHttpError?: string;
}

export async function tilesStep(ctx: BenchContext): Promise<StepResult> {
  const n = ctx.quick ? 100_000 : 1_000_000;
  const load = await ctx.ensureSites(n);
  const knex = ctx.db.knex;
  const encoder = new PostgisMvtEncoder(knex);
  const layer = TILE_LAYERS.sites;
  const app = await startApp(ctx.url);
  const rows: AreaRow[] = [];
  let throughput: Record<string, unknown> = {};
  let gridExperiment: Awaited<ReturnType<typeof tileGridExperiment>> | null = null;
  try {
    const rawTile = async (t: Tile) => {
      const t0 = performance.now();
      const body = await encoder.encode(layer, t);
      return { ms: performance.now() - t0, bytes: body.byteLength };
    };
    let httpErrors: string[] = [];
    // The app caches tiles in process (tiles.service.ts): its first request of a tile is the
    // miss, timed apart from the repeats.
    const requestedOverHttp = new Set<string>();
    const httpTile = async (t: Tile) => {
      const t0 = performance.now();
      const res = await fetch(`${app.base}/tiles/sites/${tileKey(t)}.mvt`);
      const buf = await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 200 && res.status !== 204) {
        // Counted, not fatal: a low-zoom tile on 1M plots may hit the app's statement timeout.
        httpErrors.push(`${tileKey(t)} → HTTP ${res.status}`);
        return { ms, bytes: -1 };
      }
      return { ms, bytes: buf.byteLength };
    };

    for (const z of ZOOMS) {
      const areas: Array<{ area: string; tiles: Tile[] }> = [
        { area: `${CITY.name} (${z <= 8 ? '3×3' : '5×5'} tiles)`, tiles: cityTiles(z, z <= 8 ? 1 : 2) },
        z <= 8
          ? { area: 'France (every tile)', tiles: franceTiles(z) }
          : { area: 'France (uniform sample)', tiles: randomFranceTiles(z, SAMPLES, SEED) },
      ];
      if (z >= 10) {
        areas.push({
          area: 'France (tiles under sampled plots)',
          tiles: await plotTiles(knex, z, SAMPLES, SEED, n),
        });
      }
      for (const { area, tiles } of areas) {
        // First pass (raw SQL): the colder figure, and the sizes of every tile.
        const first: number[] = [];
        const sizes = new Map<string, number>();
        for (const t of tiles) {
          const r = await rawTile(t);
          first.push(r.ms);
          sizes.set(tileKey(t), r.bytes);
        }
        // Timed pairs over a seeded sample of at most MEASURED_TILES tiles, until SAMPLES pairs or
        // the time budget (slow low-zoom tiles on 1M plots take seconds each), at least MIN_SAMPLES.
        const measured = shuffled(tiles, SEED + z).slice(0, MEASURED_TILES);
        const budget = ctx.quick ? BUDGET_MS / 3 : BUDGET_MS;
        const raw: number[] = [];
        const http: number[] = [];
        const httpCold: number[] = [];
        let sizeMismatches = 0;
        httpErrors = [];
        const tStart = performance.now();
        for (let i = 0; i < SAMPLES; i++) {
          if (i >= MIN_SAMPLES && performance.now() - tStart > budget) break;
          const t = measured[i % measured.length];
          // Alternate which path goes first so neither always gets the warmer cache.
          const httpFirst = i % 2 === 0;
          const a = httpFirst ? await httpTile(t) : await rawTile(t);
          const b = httpFirst ? await rawTile(t) : await httpTile(t);
          const [h, r] = httpFirst ? [a, b] : [b, a];
          http.push(h.ms);
          if (!requestedOverHttp.has(tileKey(t))) httpCold.push(h.ms);
          requestedOverHttp.add(tileKey(t));
          raw.push(r.ms);
          if (h.bytes >= 0 && h.bytes !== r.bytes) sizeMismatches++;
        }
        const nonEmpty = [...sizes.values()].filter((b) => b > 0);
        const row: AreaRow = {
          area,
          z,
          tiles: tiles.length,
          empty: tiles.length - nonEmpty.length,
          samples: raw.length,
          raw: summarize(raw),
          http: summarize(http),
          firstPass: summarize(first),
          httpCold: summarize(httpCold),
          maxBytes: nonEmpty.length ? Math.max(...nonEmpty) : 0,
          avgBytes: nonEmpty.length ? nonEmpty.reduce((a, b) => a + b, 0) / nonEmpty.length : 0,
          overCap: nonEmpty.filter((b) => b > MAX_TILE_BYTES).length,
          sizeMismatches,
          httpErrors: httpErrors.length,
          firstHttpError: httpErrors[0],
        };
        rows.push(row);
        ctx.log(
          `  z${z} ${area}: raw p50/p95 ${row.raw.p50}/${row.raw.p95} ms, HTTP ${row.http.p50}/${row.http.p95} ms, max ${fmtBytes(row.maxBytes)}, ${row.empty}/${row.tiles} empty`,
        );
      }
    }

    // z14 throughput over non-empty tiles: Lyon's 5×5 block and the tiles under sampled plots.
    const z14 = [...cityTiles(14, 2), ...(await plotTiles(knex, 14, SAMPLES, SEED, n))];
    const duration = ctx.quick ? 5 : 10;
    const c = THROUGHPUT_CONCURRENCY;
    const procCpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const runRaw = async () => {
      const meter = await backendCpuMeter(knex);
      const cpu0 = procCpuMs();
      const r = await runFor(duration * 1000, c, (i) => encoder.encode(layer, z14[i % z14.length]));
      const clientCpuMs = procCpuMs() - cpu0;
      const dbCpuMs = await meter.stop();
      return {
        perSecond: r.perSecond,
        completed: r.completed,
        latency: summarize(r.latencies),
        errors: r.errors,
        // The bench process plays the app's part here (knex, pg protocol, result parsing).
        appCpuMsPerTile: clientCpuMs / r.completed,
        dbCpuMsPerTile: dbCpuMs === null ? null : dbCpuMs / r.completed,
      };
    };
    const runHttp = async (target: AppProcess = app) => {
      let i = 0;
      const meter = await backendCpuMeter(knex);
      const cpu0 = await target.cpuMs();
      const r = await autocannon({
        url: target.base,
        connections: c,
        duration,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: `/tiles/sites/${tileKey(z14[i++ % z14.length])}.mvt` }),
          },
        ],
      });
      const serverCpuMs = (await target.cpuMs()) - cpu0;
      const dbCpuMs = await meter.stop();
      const ok = r['2xx'];
      return {
        perSecond: ok / r.duration,
        completed: ok,
        latency: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, mean: r.latency.average },
        errors: r.errors + r.non2xx,
        appCpuMsPerTile: serverCpuMs / ok,
        dbCpuMsPerTile: dbCpuMs === null ? null : dbCpuMs / ok,
      };
    };
    ctx.log(`  z14 throughput at concurrency ${c}, ${duration} s each: raw → HTTP → raw…`);
    await runFor(2000, c, (i) => encoder.encode(layer, z14[i % z14.length])); // warm-up
    const load0 = loadAvg();
    const raw1 = await runRaw();
    const http = await runHttp();
    const raw2 = await runRaw();
    const rawMean = (raw1.perSecond + raw2.perSecond) / 2;
    const cpuPerTile = (x: { appCpuMsPerTile: number; dbCpuMsPerTile: number | null }) =>
      x.appCpuMsPerTile + (x.dbCpuMsPerTile ?? 0);
    // On an idle 2-core machine the CPU is the bottleneck: throughput ∝ 1 / CPU per tile.
    const cpuRatio = (cpuPerTile(raw1) + cpuPerTile(raw2)) / 2 / cpuPerTile(http);
    // Experiment: the same app with the tile route mounted before the generic middleware.
    let tilesFirst: Awaited<ReturnType<typeof runHttp>> | null = null;
    if (ctx.experiments) {
      const variant = await startApp(ctx.url, { BENCH_APP_VARIANT: 'tiles-first' });
      try {
        await runHttp(variant); // warm-up of the new process
        tilesFirst = await runHttp(variant);
      } finally {
        await variant.stop();
      }
      ctx.log(`  z14 tiles-first app: ${tilesFirst.perSecond.toFixed(0)} tiles/s`);
    }
    if (ctx.experiments) gridExperiment = await tileGridExperiment(ctx, (t) => encoder.encode(layer, t));
    throughput = {
      tilesFirst,
      tilesFirstRatio: tilesFirst ? tilesFirst.perSecond / rawMean : null,
      tilesFirstCpuRatio: tilesFirst
        ? (cpuPerTile(raw1) + cpuPerTile(raw2)) / 2 / cpuPerTile(tilesFirst)
        : null,
      tiles: z14.length,
      concurrency: c,
      durationS: duration,
      raw1,
      http,
      raw2,
      ratio: http.perSecond / rawMean,
      cpuRatio,
      loadAvg: [load0, loadAvg()],
    };
    ctx.log(
      `  z14: raw ${raw1.perSecond.toFixed(0)} / ${raw2.perSecond.toFixed(0)} tiles/s, HTTP ${http.perSecond.toFixed(0)} tiles/s (ratio ${(http.perSecond / rawMean).toFixed(2)}, CPU-based ${cpuRatio.toFixed(2)})`,
    );
  } finally {
    await app.stop();
  }

  const allBytes = rows.map((r) => r.maxBytes);
  const maxTile = Math.max(...allBytes);
  const overCap = rows.reduce((a, r) => a + r.overCap, 0);
  const worstP95 = rows.reduce((a, r) => Math.max(a, r.http.p95), 0);
  type Run = {
    perSecond: number;
    latency: { p50: number; p99: number };
    appCpuMsPerTile: number;
    dbCpuMsPerTile: number | null;
  };
  const t = throughput as {
    ratio: number;
    cpuRatio: number;
    raw1: Run;
    raw2: Run;
    http: Run;
    tilesFirst: Run | null;
    tilesFirstRatio: number | null;
    tilesFirstCpuRatio: number | null;
    tiles: number;
    loadAvg: number[][];
  };
  const r1 = (x: number | null) => (x === null ? '–' : (Math.round(x * 100) / 100).toString());
  const runRow = (label: string, x: Run) => [
    label,
    x.perSecond.toFixed(0),
    x.latency.p50,
    x.latency.p99,
    r1(x.appCpuMsPerTile),
    r1(x.dbCpuMsPerTile),
  ];
  const markdown = [
    `${n.toLocaleString('en')} published bench plots; layer \`sites\` (clustered points below z12, polygons from z12). Latency: one request at a time; per area and zoom, a first raw-SQL pass over every tile (all sizes; "first pass" = colder cache), then up to ${SAMPLES} timed pairs (HTTP and raw SQL on the same tile, alternating which goes first) over a seeded sample of ≤ ${MEASURED_TILES} of those tiles, within a ${BUDGET_MS / 1000} s budget per row (at least ${MIN_SAMPLES} pairs). Raw SQL = \`new PostgisMvtEncoder(knex).encode(TILE_LAYERS.sites, {z,x,y})\`, the statement the route runs, from the bench process; HTTP = \`GET /tiles/sites/{z}/{x}/{y}.mvt\` on the real app (child process). Sizes over non-empty tiles.`,
    '',
    table(
      [
        'zoom',
        'area',
        'tiles (empty)',
        'samples',
        'HTTP p50',
        'HTTP p95',
        'raw SQL p50',
        'raw SQL p95',
        'first pass p95',
        'HTTP cache-miss p50 / p95',
        'max size',
        'avg size',
        '> 500 KB',
        'HTTP errors',
      ],
      rows.map((r) => [
        `z${r.z}`,
        r.area,
        `${r.tiles} (${r.empty})`,
        r.samples,
        r.http.p50,
        r.http.p95,
        r.raw.p50,
        r.raw.p95,
        r.firstPass.p95,
        `${r.httpCold.p50} / ${r.httpCold.p95} (${r.httpCold.n})`,
        fmtBytes(r.maxBytes),
        fmtBytes(r.avgBytes),
        r.overCap,
        r.httpErrors ? `${r.httpErrors} (${r.firstHttpError})` : 0,
      ]),
    ),
    '',
    `Targets: every tile ≤ 500 KB — largest ${fmtBytes(maxTile)}, ${overCap} over (${verdict(overCap === 0)}); HTTP p95 ≤ ${P95_TARGET_MS} ms everywhere — worst ${worstP95} ms (${verdict(worstP95 <= P95_TARGET_MS)}).`,
    '',
    `**z14 throughput** at concurrency ${THROUGHPUT_CONCURRENCY} over ${t.tiles} non-empty z14 tiles (Lyon 5×5 + tiles under sampled plots), raw SQL → HTTP (autocannon, ${THROUGHPUT_CONCURRENCY} connections) → raw SQL:`,
    '',
    table(
      ['run', 'tiles/s', 'latency p50 ms', 'latency p99 ms', 'app CPU ms/tile', 'DB CPU ms/tile'],
      [
        runRow('raw SQL (1)', t.raw1),
        runRow('HTTP', t.http),
        runRow('raw SQL (2)', t.raw2),
        ...(t.tilesFirst
          ? [runRow('experiment: HTTP, tile route mounted before the generic middleware', t.tilesFirst)]
          : []),
      ],
    ),
    '',
    `HTTP / raw throughput = ${t.ratio.toFixed(2)} (target ≥ 0.8: ${verdict(t.ratio >= 0.8)}; the HTTP run repeats ${t.tiles} tiles, so after the first round it is served by the app's tile cache); load avg (1 min) ${t.loadAvg[0][0]} → ${t.loadAvg[1][0]}. "App CPU" is the API process for HTTP and the bench process (knex + pg, the same work) for raw SQL; autocannon's own CPU is not counted. On an idle 2-core machine, where CPU is the limit, throughput scales as 1 / (app + DB CPU per tile): HTTP / raw by CPU = ${t.cpuRatio.toFixed(2)}.${t.tilesFirst ? ` Experiment (\`--experiments\`, bench/lib/server.ts BENCH_APP_VARIANT=tiles-first): with \`/tiles\` mounted before pino-http, helmet, compression and express.json, HTTP / raw = ${t.tilesFirstRatio?.toFixed(2)} (by CPU ${t.tilesFirstCpuRatio?.toFixed(2)}).` : ''}`,
    ...(gridExperiment ? ['', gridExperiment.markdown] : []),
  ].join('\n');
  return {
    id: 'tiles',
    title: `Vector tiles on ${n.toLocaleString('en')} plots (issue 5)`,
    status: 'ok',
    markdown,
    data: { sites: n, load, rows, throughput, gridExperiment: gridExperiment?.data ?? null },
  };
}

/**
 * `--experiments`: low-zoom tiles from a precomputed cluster grid (bench/experiments/tile-grid.ts)
 * next to the product's statement, on the same tiles (Lyon 3×3 and 9 tiles of France per zoom).
 */
export async function tileGridExperiment(
  ctx: Pick<BenchContext, 'db' | 'log'>,
  product: (t: Tile) => Promise<Uint8Array>,
) {
  const knex = ctx.db.knex;
  ctx.log('  tile experiment: building the cluster grid z0–z11…');
  const built = await buildGrid(knex);
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = { buildMs: built.ms, rows: built.rows, size: built.size };
  for (const z of [6, 8, 10]) {
    const tiles = [...cityTiles(z, 1), ...shuffled(franceTiles(z), SEED + z).slice(0, 9)];
    const a: number[] = [];
    const b: number[] = [];
    let maxA = 0;
    let maxB = 0;
    let countMismatch = 0;
    for (const t of tiles) {
      let t0 = performance.now();
      const pa = await product(t);
      a.push(performance.now() - t0);
      t0 = performance.now();
      const bytes = await gridTile(knex, t.z, t.x, t.y);
      b.push(performance.now() - t0);
      maxA = Math.max(maxA, pa.byteLength);
      maxB = Math.max(maxB, bytes);
      if ((await gridPlots(knex, t.z, t.x, t.y)) !== (await plotsInTile(knex, t.z, t.x, t.y)))
        countMismatch++;
    }
    const sa = summarize(a);
    const sb = summarize(b);
    data[`z${z}`] = { product: sa, grid: sb, maxProduct: maxA, maxGrid: maxB, countMismatch };
    rows.push([
      `z${z}`,
      tiles.length,
      sa.p50,
      sa.p95,
      sb.p50,
      sb.p95,
      fmtBytes(maxA),
      fmtBytes(maxB),
      countMismatch,
    ]);
    ctx.log(`    z${z}: product p50 ${sa.p50} ms, grid p50 ${sb.p50} ms`);
  }
  await dropGrid(knex);
  const markdown = [
    `**Experiment** (\`--experiments\`, bench/experiments/tile-grid.ts): the clustered point layer read from a precomputed grid of the same 64×64-per-tile cells for z0–z11 (${built.rows.toLocaleString('en')} cells, ${built.size}, built in ${fmtMs(built.ms)} from scratch; a site write would update its 12 cells) instead of grouping every site under the tile at request time. Raw SQL, one tile at a time, same tiles for both:`,
    '',
    table(
      [
        'zoom',
        'tiles',
        'product p50 ms',
        'product p95 ms',
        'grid p50 ms',
        'grid p95 ms',
        'product max size',
        'grid max size',
        'tiles whose plot total differs',
      ],
      rows,
    ),
  ].join('\n');
  return { markdown, data };
}
