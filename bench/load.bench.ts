/**
 * `npm run bench:load [-- options]`: mixed traffic against the real app (child process,
 * PostGIS, the bench database with the 1,000,000 bench plots and their access rows) with
 * autocannon — tiles 70 %, site search 20 %, match 10 % (bench/lib/load-mix.ts) — and the
 * figures of the hardening issue: throughput, p50/p95/p99 overall and per route class, errors
 * and non-2xx, data size, load average and connections. Target: 0 errors and p99 ≤ 500 ms.
 * Results: bench/results/load-<time>.json and load-<time>.md, copied to load-latest.json and
 * load-report.md, and the report printed.
 *
 * Options:
 *   --duration s      measured run (default 60)
 *   --connections n   concurrent keep-alive connections, one request in flight each (default 10)
 *   --warmup s        unmeasured run before it (default 5)
 *   --plots n         bench plots in the database (default 1000000; loaded if absent)
 *   --timeout s       a request slower than this is an error (default 10)
 *   --seed n          seed of the request mix (default 42)
 *   --allow-busy      run even if another session is working in the bench database
 *
 * BENCH_DATABASE_URL as for `npm run bench` (default postgres://postgres@127.0.0.1:5432/lm_bench);
 * an existing bench database is reused, never dropped. Anonymous match is rate-limited per IP:
 * the app runs with MATCH_ANON_PER_MINUTE raised so the 10 % of match traffic is not 429s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../api/src/config.ts';
import { startApp } from './lib/app-process.ts';
import { benchDatabaseUrl } from './lib/bench-db.ts';
import { prepareLoadDatabase } from './lib/load-db.ts';
import { type DriverResult, driveLoad, figures, type Sample } from './lib/load-driver.ts';
import { buildLoadMix, CLASS_SHARE, type LoadRequest, ROUTE_CLASSES } from './lib/load-mix.ts';
import { backendCpuMeter, loadAvg, machineInfo } from './lib/machine.ts';
import { table, verdict } from './lib/report.ts';

const RESULTS_DIR = path.join(projectRoot, 'bench', 'results');
const P99_TARGET_MS = 500;
const MATCH_RATE_LIMIT = '1000000000';
const SAMPLE_EVERY_MS = 2000;

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '60' },
      connections: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
      plots: { type: 'string', default: '1000000' },
      timeout: { type: 'string', default: '10' },
      seed: { type: 'string', default: '42' },
      'allow-busy': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (k: keyof typeof values, min: number) => {
    const v = Number(values[k]);
    if (!Number.isInteger(v) || v < min)
      throw new Error(`--${k} must be an integer ≥ ${min}; got ${values[k]}`);
    return v;
  };
  return {
    durationS: int('duration', 1),
    connections: int('connections', 1),
    warmupS: int('warmup', 0),
    plots: int('plots', 1),
    timeoutS: int('timeout', 1),
    seed: int('seed', 0),
    allowBusy: values['allow-busy'] ?? false,
    help: values.help ?? false,
  };
}

/** Load average and connections seen while the load runs. */
function startSampler(knex: import('knex').Knex) {
  const points: Array<{ at: number; load1: number; dbBackends: number; serverBackends: number }> = [];
  const t0 = performance.now();
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const r = await knex.raw(
        `SELECT count(*) FILTER (WHERE datname = current_database())::int AS db, count(*)::int AS server
         FROM pg_stat_activity WHERE backend_type = 'client backend'`,
      );
      points.push({
        at: Math.round(performance.now() - t0),
        load1: loadAvg()[0],
        dbBackends: r.rows[0].db,
        serverBackends: r.rows[0].server,
      });
    } catch {}
  };
  void tick();
  const timer = setInterval(() => void tick(), SAMPLE_EVERY_MS);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      return points;
    },
  };
}

/** Which kinds hold the slowest 1 %: count of samples above the overall p99, per class and kind. */
function tailOwners(samples: Sample[], p99: number) {
  const out = new Map<string, number>();
  for (const s of samples)
    if (s.ms > p99) out.set(`${s.cls} ${s.kind}`, (out.get(`${s.cls} ${s.kind}`) ?? 0) + 1);
  return [...out.entries()].sort((a, b) => b[1] - a[1]);
}

async function probe(base: string, reqs: LoadRequest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const r of reqs) {
    const res = await fetch(base + r.path, {
      method: r.method,
      headers: r.body ? { 'content-type': 'application/json' } : {},
      body: r.body,
    });
    const text = await res.text();
    if (res.status >= 300) problems.push(`${r.method} ${r.path} → ${res.status}: ${text.slice(0, 200)}`);
  }
  return problems;
}

function fmtNon2xx(n: Record<string, number>): string {
  const e = Object.entries(n);
  return e.length ? e.map(([k, v]) => `${v}× ${k}`).join(', ') : '0';
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) {
    const src = fs.readFileSync(new URL(import.meta.url), 'utf8');
    process.stdout.write(`${/\/\*\*([\s\S]*?)\*\//.exec(src)?.[1].replace(/^ \* ?/gm, '') ?? ''}\n`);
    return;
  }
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const url = benchDatabaseUrl();
  const started = new Date();
  log(`load: database ${url.replace(/\/\/[^@]*@/, '//…@')}, ${opts.plots.toLocaleString('en')} plots`);
  const data = await prepareLoadDatabase(url, opts.plots, log, { allowBusy: opts.allowBusy });
  const machine = await machineInfo(data.db.knex);
  const mix = buildLoadMix(opts.seed);
  const app = await startApp(url, { MATCH_ANON_PER_MINUTE: MATCH_RATE_LIMIT });
  let run: DriverResult;
  let warm: DriverResult | null = null;
  let points: ReturnType<ReturnType<typeof startSampler>['stop']>;
  let cpu: { apiMs: number; dbMs: number | null };
  let loadBefore: number[];
  let loadAfter: number[];
  try {
    // One of each kind first: a route that is missing or failing is a setup problem, not load.
    const kinds = new Map<string, LoadRequest>();
    for (const r of Object.values(mix.byClass).flat())
      if (!kinds.has(`${r.cls} ${r.kind}`)) kinds.set(`${r.cls} ${r.kind}`, r);
    const problems = await probe(app.base, [...kinds.values()]);
    if (problems.length) log(`load: probe requests failed:\n  ${problems.join('\n  ')}`);
    if (opts.warmupS > 0) {
      log(`load: warm-up ${opts.warmupS} s…`);
      warm = await driveLoad({
        base: app.base,
        next: mix.next,
        connections: opts.connections,
        durationS: opts.warmupS,
        timeoutS: opts.timeoutS,
      });
    }
    log(`load: ${opts.durationS} s at ${opts.connections} connections…`);
    loadBefore = loadAvg();
    const meter = await backendCpuMeter(data.db.knex);
    const api0 = await app.cpuMs();
    const sampler = startSampler(data.db.knex);
    run = await driveLoad({
      base: app.base,
      next: mix.next,
      connections: opts.connections,
      durationS: opts.durationS,
      timeoutS: opts.timeoutS,
    });
    points = sampler.stop();
    cpu = { apiMs: (await app.cpuMs()) - api0, dbMs: await meter.stop() };
    loadAfter = loadAvg();
  } finally {
    await app.stop();
    await data.db.close();
  }

  const overall = figures(run.samples, run.lost.length, run.wallMs);
  const perClass = Object.fromEntries(
    ROUTE_CLASSES.map((c) => [
      c,
      figures(
        run.samples.filter((s) => s.cls === c),
        run.lost.filter((l) => l.cls === c).length,
        run.wallMs,
      ),
    ]),
  );
  // Class order of the mix, then zooms numerically (z6 before z10), then names.
  const kindKeys = [...new Set(run.samples.map((s) => `${s.cls} ${s.kind}`))].sort((a, b) => {
    const [ca, ka] = [a.split(' ')[0], a.slice(a.indexOf(' ') + 1)];
    const [cb, kb] = [b.split(' ')[0], b.slice(b.indexOf(' ') + 1)];
    const byClass =
      ROUTE_CLASSES.indexOf(ca as (typeof ROUTE_CLASSES)[number]) -
      ROUTE_CLASSES.indexOf(cb as (typeof ROUTE_CLASSES)[number]);
    return byClass || ka.localeCompare(kb, 'en', { numeric: true });
  });
  const perKind = Object.fromEntries(
    kindKeys.map((k) => [
      k,
      figures(
        run.samples.filter((s) => `${s.cls} ${s.kind}` === k),
        run.lost.filter((l) => `${l.cls} ${l.kind}` === k).length,
        run.wallMs,
      ),
    ]),
  );
  const tail = tailOwners(run.samples, overall.p99);
  const tailTotal = tail.reduce((s, [, n]) => s + n, 0);
  const errors =
    Object.values(overall.non2xx).reduce((a, b) => a + b, 0) + run.autocannon.errors + run.lost.length;
  const met = errors === 0 && overall.p99 <= P99_TARGET_MS;
  const peakBackends = Math.max(0, ...points.map((p) => p.dbBackends));
  const peakServer = Math.max(0, ...points.map((p) => p.serverBackends));
  const load1 = points.map((p) => p.load1);
  const loadDuring = load1.length
    ? Math.round((load1.reduce((a, b) => a + b, 0) / load1.length) * 100) / 100
    : NaN;
  const dominant = ROUTE_CLASSES.map((c) => [c, perClass[c].p99] as const).sort((a, b) => b[1] - a[1])[0];

  const dbName = new URL(url).pathname.slice(1);
  const infra = Object.entries(data.infrastructure)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ');
  const markdown = [
    '# landmatch load test',
    '',
    `Run ${started.toISOString()} with \`npm run bench:load${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`. Latencies in ms, nearest-rank percentiles over every response (2xx or not). This machine is shared with other sessions: read the figures next to the load average.`,
    '',
    table(
      ['setting', ''],
      [
        [
          'machine',
          `${machine.cpus} × ${machine.cpuModel}, ${machine.memGb} GB, ${machine.platform}, Node ${machine.node}`,
        ],
        [
          'database',
          `${machine.postgres}, PostGIS ${machine.postgis}, \`${dbName}\` (${data.databaseSize}), local server`,
        ],
        [
          'data',
          `${data.sites.toLocaleString('en')} sites (bench plots, all published), ${data.siteAccessRows.toLocaleString('en')} site_access rows; infrastructure: ${infra}${data.built.length ? `; built this run: ${data.built.join(', ')}` : '; reused'}`,
        ],
        [
          'app',
          `real app in a child process (bench/lib/server.ts), NODE_ENV=production, pool ${process.env.DB_POOL_MAX ?? 10} connections; anonymous callers; MATCH_ANON_PER_MINUTE=${MATCH_RATE_LIMIT} so match is not rate-limited`,
        ],
        [
          'load',
          `autocannon, ${opts.connections} keep-alive connections, one request in flight each (closed loop), ${opts.durationS} s after ${opts.warmupS} s warm-up, timeout ${opts.timeoutS} s, seed ${opts.seed}`,
        ],
        [
          'mix',
          `tiles ${CLASS_SHARE.tiles * 100} % (${mix.byClass.tiles.length} tile requests from map views, z6–z14), search ${CLASS_SHARE.search * 100} % (${mix.byClass.search.length} queries), match ${CLASS_SHARE.match * 100} % (sparse/typical/dense)`,
        ],
        [
          'load average (1/5/15 min)',
          `before ${loadBefore.join(' / ')}, during (1 min, mean of ${load1.length} samples) ${loadDuring}, after ${loadAfter.join(' / ')}`,
        ],
        [
          'connections',
          `${opts.connections} HTTP; PostgreSQL client backends in the bench database peak ${peakBackends} (whole server peak ${peakServer}, other sessions included)`,
        ],
        [
          'CPU during the run',
          `API process ${(cpu.apiMs / 1000).toFixed(1)} s, PostgreSQL backends of the bench database ${cpu.dbMs === null ? '–' : `${(cpu.dbMs / 1000).toFixed(1)} s`} over ${(run.wallMs / 1000).toFixed(1)} s wall on ${machine.cpus} cores`,
        ],
      ],
    ),
    '',
    `Target (0 errors, p99 ≤ ${P99_TARGET_MS} ms): ${verdict(met)} — ${errors} errors/non-2xx, p99 ${overall.p99} ms. Highest p99 class: **${dominant[0]}** (${dominant[1]} ms).`,
    '',
    table(
      ['class', 'share', 'requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'non-2xx', 'no response'],
      [
        [
          '**all**',
          '100 %',
          overall.n,
          overall.perSecond,
          overall.p50,
          overall.p95,
          overall.p99,
          overall.max,
          fmtNon2xx(overall.non2xx),
          overall.lost,
        ],
        ...ROUTE_CLASSES.map((c) => {
          const f = perClass[c];
          return [
            c,
            `${Math.round((f.n * 100) / Math.max(1, overall.n))} %`,
            f.n,
            f.perSecond,
            f.p50,
            f.p95,
            f.p99,
            f.max,
            fmtNon2xx(f.non2xx),
            f.lost,
          ];
        }),
      ],
    ),
    '',
    `autocannon's own count: ${Math.round(run.autocannon.requestsPerSec)} req/s, ${run.autocannon.errors} errors (${run.autocannon.timeouts} timeouts), ${run.autocannon.non2xx} non-2xx, ${(run.autocannon.totalBytes / 1024 / 1024).toFixed(1)} MB received. Status codes: ${Object.entries(
      run.autocannon.statusCodes,
    )
      .map(([k, v]) => `${k} × ${v}`)
      .join(
        ', ',
      )}.${warm ? ` Warm-up: ${warm.samples.length} responses, ${warm.autocannon.errors} errors.` : ''}`,
    '',
    '### By kind',
    '',
    table(
      [
        'class / kind',
        'requests',
        'p50',
        'p95',
        'p99',
        'max',
        'non-2xx',
        `above overall p99 (${overall.p99} ms)`,
      ],
      kindKeys.map((k) => {
        const f = perKind[k];
        const above = tail.find(([t]) => t === k)?.[1] ?? 0;
        return [
          k,
          f.n,
          f.p50,
          f.p95,
          f.p99,
          f.max,
          fmtNon2xx(f.non2xx),
          above ? `${above} (${Math.round((above * 100) / Math.max(1, tailTotal))} % of the tail)` : '0',
        ];
      }),
    ),
    '',
    `The slowest 1 % (${tailTotal} responses above ${overall.p99} ms): ${
      tail
        .slice(0, 5)
        .map(([k, n]) => `${k} ${Math.round((n * 100) / Math.max(1, tailTotal))} %`)
        .join(', ') || '–'
    }.`,
    '',
  ].join('\n');

  const json = {
    started,
    argv: process.argv.slice(2),
    options: opts,
    machine,
    data: { ...data, db: undefined },
    target: { p99Ms: P99_TARGET_MS, errors: 0, met },
    errors,
    overall,
    perClass,
    perKind,
    tail,
    autocannon: run.autocannon,
    loadAvg: { before: loadBefore, during: points, after: loadAfter },
    cpu,
    connections: { http: opts.connections, peakDbBackends: peakBackends, peakServerBackends: peakServer },
    warmup: warm ? { responses: warm.samples.length, errors: warm.autocannon.errors } : null,
    hostname: os.hostname(),
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(RESULTS_DIR, `load-${stamp}.json`), JSON.stringify(json, null, 2));
  fs.writeFileSync(path.join(RESULTS_DIR, 'load-latest.json'), JSON.stringify(json, null, 2));
  fs.writeFileSync(path.join(RESULTS_DIR, `load-${stamp}.md`), markdown);
  fs.writeFileSync(path.join(RESULTS_DIR, 'load-report.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`load: wrote bench/results/load-report.md (= load-${stamp}.md) and load-${stamp}.json`);
}

main().catch((err) => {
  process.stderr.write(
    `bench:load failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
