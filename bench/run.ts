/**
 * `npm run bench [-- options]`: the performance figures named in issues 2–5, measured on a
 * PostgreSQL/PostGIS server in a dedicated database (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/lm_bench — dropped and recreated, then dropped at the end).
 * Results: bench/results/bench-<time>.json and report-<time>.md, copied to latest.json and
 * report.md (git-ignored), and the report printed.
 *
 * Options:
 *   --quick        skip the 1,000,000-plot runs (tiles and match then run on 100,000)
 *   --experiments  time variants of the access SQL (bench/experiments) on 100,000 plots
 *   --only a,b     run only these steps: sites-list, access, tiles, match, bundle, import, pdf, drive-times
 *   --reuse-db     keep the bench database of a previous --keep-db run (skips loads already done)
 *   --keep-db      do not drop the bench database at the end
 *   --build-ui     run `npm run build:ui` before measuring the bundle
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../api/src/config.ts';
import {
  benchDatabaseUrl,
  dropDatabase,
  type InfraImportFigure,
  importNationalInfrastructure,
  infrastructureCounts,
  openBench,
  recreateDatabase,
} from './lib/bench-db.ts';
import { type BenchContext, type BenchOptions, createContext } from './lib/context.ts';
import { loadAvg, type MachineInfo, machineInfo } from './lib/machine.ts';
import { type StepResult, table } from './lib/report.ts';
import { runSubBench } from './lib/substeps.ts';
import { accessStep } from './steps/access.ts';
import { bundleStep } from './steps/bundle.ts';
import { matchStep } from './steps/match.ts';
import { sitesListStep } from './steps/sites-list.ts';
import { tilesStep } from './steps/tiles.ts';

const RESULTS_DIR = path.join(projectRoot, 'bench', 'results');
const STEP_IDS = [
  'sites-list',
  'access',
  'tiles',
  'match',
  'bundle',
  'import',
  'pdf',
  'drive-times',
] as const;

function parseOptions(argv: string[]): BenchOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      experiments: { type: 'boolean', default: false },
      only: { type: 'string' },
      'reuse-db': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      'build-ui': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  let only: Set<string> | null = null;
  if (values.only) {
    only = new Set(values.only.split(',').map((s) => s.trim()));
    const unknown = [...only].filter((s) => !(STEP_IDS as readonly string[]).includes(s));
    if (unknown.length)
      throw new Error(`unknown step(s) ${unknown.join(', ')}; steps: ${STEP_IDS.join(', ')}`);
  }
  return {
    quick: values.quick ?? false,
    experiments: values.experiments ?? false,
    reuseDb: values['reuse-db'] ?? false,
    keepDb: values['keep-db'] ?? false,
    buildUi: values['build-ui'] ?? false,
    only,
    help: values.help ?? false,
  };
}

async function databaseExists(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query(
      "select count(*)::int as n from information_schema.tables where table_name = 'infrastructure'",
    );
    return r.rows[0].n > 0;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

function machineSection(m: MachineInfo, url: string, opts: BenchOptions): string {
  const dbName = new URL(url).pathname.slice(1);
  return table(
    ['machine', ''],
    [
      ['CPU', `${m.cpus} × ${m.cpuModel}`],
      ['memory', `${m.memGb} GB`],
      ['OS / Node', `${m.platform} / ${m.node}`],
      ['database', `${m.postgres}, PostGIS ${m.postgis} (database \`${dbName}\`, local server)`],
      [
        'server settings',
        Object.entries(m.settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
      ],
      ['load average at start (1/5/15 min)', m.loadAvgAtStart.join(' / ')],
      [
        'options',
        [
          opts.quick ? '--quick' : '',
          opts.experiments ? '--experiments' : '',
          opts.only ? `--only ${[...opts.only].join(',')}` : '',
        ]
          .filter(Boolean)
          .join(' ') || '(full run)',
      ],
    ],
  );
}

function setupSection(
  imports: InfraImportFigure[] | null,
  counts: Record<string, number>,
  setupMs: number,
  reused: boolean,
): string {
  const lines = [
    reused
      ? 'Bench database reused (--reuse-db).'
      : `Bench database created, migrated and loaded with the national infrastructure in ${(setupMs / 1000).toFixed(1)} s.`,
  ];
  if (imports) {
    lines.push(
      '',
      'Infrastructure imported with `runImport` (api/src/modules/import), one transaction per file, no access hook:',
      '',
      table(
        [
          'format',
          'file (../shared/data/…)',
          'rows read',
          'written',
          'skipped by rule',
          'invalid',
          'time',
          'rows/s',
        ],
        imports.map((i) => [
          i.format,
          i.file,
          i.read,
          i.written,
          i.skipped,
          i.invalid,
          `${i.ms} ms`,
          i.rowsPerSec,
        ]),
      ),
    );
  }
  lines.push(
    '',
    `Infrastructure in the database: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}.`,
  );
  return lines.join('\n');
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) {
    const src = fs.readFileSync(new URL(import.meta.url), 'utf8');
    process.stdout.write(`${/\/\*\*([\s\S]*?)\*\//.exec(src)?.[1].replace(/^ \* ?/gm, '') ?? ''}\n`);
    return;
  }
  const url = benchDatabaseUrl();
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const started = new Date();
  const wants = (id: string) => !opts.only || opts.only.has(id);
  log(`bench: database ${url.replace(/\/\/[^@]*@/, '//…@')}${opts.quick ? ' (quick)' : ''}`);

  const t0 = performance.now();
  const reuse = opts.reuseDb && (await databaseExists(url));
  if (!reuse) {
    log('bench: creating the bench database…');
    await recreateDatabase(url);
  }
  const { db } = await openBench(url, { poolMax: 10, statementTimeoutMs: 600_000 });
  let imports: InfraImportFigure[] | null = null;
  if (!reuse) {
    log('bench: importing the national infrastructure (../shared/data)…');
    imports = await importNationalInfrastructure(db);
  }
  const counts = await infrastructureCounts(db);
  const setupMs = performance.now() - t0;
  const machine = await machineInfo(db.knex);
  const ctx: BenchContext = createContext(url, db, opts, log);

  const results: StepResult[] = [];
  const run = async (id: string, title: string, fn: () => Promise<StepResult>) => {
    if (!wants(id)) return;
    log(`bench: ${title}`);
    const s0 = performance.now();
    try {
      const r = await fn();
      results.push({
        ...r,
        data: { ...r.data, stepMs: Math.round(performance.now() - s0), loadAvgAfter: loadAvg() },
      });
      if (r.status !== 'ok') log(`  ${r.status}: ${r.message ?? ''}`);
    } catch (err) {
      const e = err as Error;
      log(`  FAILED: ${e.stack ?? e.message}`);
      results.push({
        id,
        title,
        status: 'failed',
        message: e.message,
        markdown: `**Failed:** ${e.message}\n\n\`\`\`\n${(e.stack ?? '').slice(0, 3000)}\n\`\`\``,
        data: {},
      });
    }
  };

  await run('sites-list', '`GET /api/sites` latency, 1,000 sites (issue 2)', () => sitesListStep(ctx));
  await run('access', 'Access recomputation (issue 3)', () => accessStep(ctx));
  await run('tiles', 'Vector tiles (issue 5)', () => tilesStep(ctx));
  await run('match', 'Matching (issue 4)', () => matchStep(ctx));
  await run('bundle', 'UI bundle size (issue 5)', () => bundleStep(ctx));
  await db.close();

  // import.bench.ts drops and recreates the database it is given: its own, next to ours.
  const importUrl = new URL(url);
  importUrl.pathname = `/${new URL(url).pathname.slice(1)}_import`;
  const subEnv: Record<string, string> = {
    BENCH_DATABASE_URL: importUrl.toString(),
    BENCH_RESULTS_DIR: RESULTS_DIR,
    ...(opts.quick ? { BENCH_QUICK: '1' } : {}),
  };
  await run('import', 'Import throughput (issue 3, bench/import.bench.ts)', () =>
    runSubBench('import.bench.ts', 'Import throughput (issue 3, bench/import.bench.ts)', subEnv, log),
  );
  if (wants('import')) await dropDatabase(importUrl.toString());
  await run('pdf', 'Shortlist PDF (bench/pdf.bench.ts)', () =>
    runSubBench('pdf.bench.ts', 'Shortlist PDF (bench/pdf.bench.ts)', subEnv, log),
  );
  // drive-times.bench.ts also drops and recreates its database: `<bench db>_drive`.
  const driveUrl = new URL(url);
  driveUrl.pathname = `/${new URL(url).pathname.slice(1)}_drive`;
  await run(
    'drive-times',
    'Drive times, isochrones, labour pool (issue 11, bench/drive-times.bench.ts)',
    () =>
      runSubBench(
        'drive-times.bench.ts',
        'Drive times, isochrones, labour pool (issue 11, bench/drive-times.bench.ts)',
        { ...subEnv, BENCH_DATABASE_URL: driveUrl.toString() },
        log,
      ),
  );

  if (!opts.keepDb) {
    log('bench: dropping the bench database (--keep-db keeps it)');
    await dropDatabase(url);
  }

  const finished = new Date();
  const report = [
    '# landmatch benchmark report',
    '',
    `Run ${started.toISOString()} → ${finished.toISOString()} (${((finished.getTime() - started.getTime()) / 60000).toFixed(1)} min) with \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`. Latencies in ms; percentiles are nearest-rank over the samples listed. This machine is shared: read each wall-clock figure next to the load average printed with it.`,
    '',
    machineSection(machine, url, opts),
    '',
    '## Setup',
    '',
    setupSection(imports, counts, setupMs, reuse),
    ...results.flatMap((r) => [
      '',
      `## ${r.title}${r.status === 'ok' ? '' : ` — ${r.status}`}`,
      '',
      r.markdown,
    ]),
    '',
  ].join('\n');

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(
    {
      started,
      finished,
      argv: process.argv.slice(2),
      machine,
      setup: { imports, counts, setupMs, reused: reuse },
      steps: results,
    },
    null,
    2,
  );
  fs.writeFileSync(path.join(RESULTS_DIR, `bench-${stamp}.json`), json);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
  fs.writeFileSync(path.join(RESULTS_DIR, `report-${stamp}.md`), report);
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.md'), report);
  process.stdout.write(`${report}\n`);
  log(`bench: wrote bench/results/report.md (= report-${stamp}.md) and bench/results/bench-${stamp}.json`);
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
