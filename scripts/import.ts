/**
 * Data import CLI: `npm run import -- <format> <file> [--dry-run] [--skip-invalid] [--include-small] [--json]`
 * (or `npx tsx scripts/import.ts …`). Opens the database like the app (DATABASE_URL, else the
 * embedded PostGIS in DATA_DIR), applies pending migrations, imports the file through the
 * `ImportService` (one transaction, then access recomputation and an audit entry with request
 * id `cli`) with a progress bar, prints the report and exits with 0 on success, 1 when the
 * import failed (nothing written), 2 on a usage error.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Knex } from 'knex';
import { loadConfig } from '../api/src/config.ts';
import { openDatabase } from '../api/src/db/database.ts';
import { migrateLatest } from '../api/src/db/migrate.ts';
import { AccessService } from '../api/src/modules/access/access.service.ts';
import { FORMATS } from '../api/src/modules/import/formats/index.ts';
import { ImportOptionsError, isFormatName } from '../api/src/modules/import/import.runner.ts';
import { FORMAT_NAMES, type ImportReport } from '../api/src/modules/import/import.schemas.ts';
import { ImportService } from '../api/src/modules/import/import.service.ts';
import type { ImportProgress } from '../api/src/modules/import/import.types.ts';
import {
  formatGraphReport,
  GRAPH_FORMAT_DESCRIPTIONS,
  GRAPH_FORMATS,
  isGraphFormat,
} from '../api/src/modules/roads/roads.service.ts';

/** What the CLI plugs in; tests replace the output streams. */
export interface ImportCliHooks {
  /**
   * The import service over the opened database (default: the app's, with the sites module's
   * writer and the access recomputation after a change: the same as `POST /api/import/:format`).
   */
  createService?: (knex: Knex, engine: 'postgis' | 'embedded') => ImportService;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

// Two recompute batches in flight on the server engine, as the API runs them (PGlite: one connection).
const defaultService = (knex: Knex, engine: 'postgis' | 'embedded') =>
  new ImportService(knex, new AccessService(knex, engine === 'postgis' ? 2 : 1));

const USAGE = `usage: npm run import -- <format> <file> [--dry-run] [--skip-invalid] [--include-small] [--json]

formats:
${FORMAT_NAMES.map((f) => `  ${f.padEnd(14)} ${FORMATS[f].description}`).join('\n')}
${GRAPH_FORMATS.map((f) => `  ${f.padEnd(14)} ${GRAPH_FORMAT_DESCRIPTIONS[f]}`).join('\n')}

options:
  --dry-run        validate and count what would change, write nothing
  --skip-invalid   import the valid rows and list the invalid ones (default: any invalid row fails the import)
  --include-small  also import small airports/aerodromes
  --json           print the report as JSON`;

/**
 * Runs the CLI with `argv` (without node and the script path); returns the exit code.
 * @example await main(['wpi', '../shared/data/transport/wpi-france-ports.csv', '--dry-run'])
 */
export async function main(argv: string[], hooks: ImportCliHooks = {}): Promise<number> {
  const out = hooks.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = hooks.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    out(USAGE);
    return 0;
  }
  const [format, file] = args.positionals;
  if (!format || !file || args.positionals.length > 2) {
    err(USAGE);
    return 2;
  }
  if (isGraphFormat(format)) return graphImport(format, file, args.values, hooks, out);
  if (!isFormatName(format)) {
    err(`unknown format '${format}'\n\n${USAGE}`);
    return 2;
  }

  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: 2 });
  const tty = process.stderr.isTTY && !args.values.json;
  const bar = tty ? progressBar() : null;
  const recompute = tty ? recomputeBar() : null;
  try {
    await migrateLatest(db.knex);
    const imports = (hooks.createService ?? defaultService)(db.knex, db.engine);
    const report = await imports.run(
      {
        format,
        file,
        dryRun: args.values['dry-run'],
        skipInvalid: args.values['skip-invalid'],
        includeSmall: args.values['include-small'],
        onProgress: bar?.update,
      },
      'cli',
      {
        onRecomputeProgress: (done, total) => {
          bar?.stop();
          recompute?.update(done, total);
        },
      },
    );
    bar?.stop();
    recompute?.stop();
    out(args.values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return exitCode(report);
  } catch (e) {
    bar?.stop();
    recompute?.stop();
    if (e instanceof ImportOptionsError) {
      err(e.message);
      return 2;
    }
    throw e;
  } finally {
    await db.close();
  }
}

/** `roads` and `insee-communes`: their own runner, the same database opening and exit codes. */
async function graphImport(
  format: (typeof GRAPH_FORMATS)[number],
  file: string,
  values: ReturnType<typeof parse>['values'],
  hooks: ImportCliHooks,
  out: (line: string) => void,
): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: 2 });
  const bar = process.stderr.isTTY && !values.json ? graphBar() : null;
  try {
    await migrateLatest(db.knex);
    const imports = (hooks.createService ?? defaultService)(db.knex, db.engine);
    const report = await imports.runGraph(
      { format, file, dryRun: values['dry-run'], onProgress: bar?.update },
      'cli',
    );
    bar?.stop();
    out(values.json ? JSON.stringify(report, null, 2) : formatGraphReport(report));
    return report.ok || (report.dryRun && !report.error) ? 0 : 1;
  } finally {
    bar?.stop();
    await db.close();
  }
}

/** Road import progress: bytes in the two reading passes, then edges and vertices written. */
function graphBar(): { update: (p: ImportProgress & { phase: string }) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | {phase} (pass {pass}/{passes}) | {rows} ways',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let pass = 0;
  return {
    update(p) {
      const total = p.totalBytes ?? p.bytesRead;
      const payload = { phase: p.phase, pass: p.pass, passes: p.passes, rows: p.rows };
      if (!started || p.pass !== pass) {
        if (started) bar.stop();
        bar.start(Math.max(total, 1), p.bytesRead, payload);
        started = true;
        pass = p.pass;
      } else bar.update(p.bytesRead, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Access recomputation after the commit: sites done of the sites the import changed. */
export function recomputeBar(): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | access of {value}/{total} sites | ETA {eta_formatted}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** 0 when the import went (or, for a dry run, would go) through; 1 otherwise. */
function exitCode(r: ImportReport): number {
  if (r.error) return 1;
  if (r.dryRun) return r.invalidCount === 0 || r.skipInvalid ? 0 : 1;
  return r.ok ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'include-small': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** A byte-based bar on stderr; OSM files are read in several passes, shown as "pass n/m". */
function progressBar(): { update: (p: ImportProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | {mb}/{totalMb} MB | {rows} rows | pass {pass}/{passes}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  return {
    update(p) {
      const total = p.totalBytes ?? p.bytesRead;
      const payload = {
        mb: mb(p.bytesRead),
        totalMb: mb(total),
        rows: p.rows,
        pass: p.pass,
        passes: p.passes,
      };
      if (!started) {
        // Small files finish before a bar would help.
        if (total < 2_000_000) return;
        bar.start(total, p.bytesRead, payload);
        started = true;
      } else bar.update(p.bytesRead, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * Human-readable report.
 * @example formatReport(report) // "wpi ../wpi.csv: imported (66 read, 66 valid …)"
 */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  const verdict = r.error
    ? 'FAILED, nothing written'
    : r.dryRun
      ? 'dry run, nothing written'
      : r.ok
        ? 'imported'
        : 'FAILED, nothing written';
  lines.push(`${r.format} ${r.file}: ${verdict} (${(r.durationMs / 1000).toFixed(1)} s)`);
  if (r.error) lines.push(`  error: ${r.error}`);
  lines.push(`  read ${r.read}, valid ${r.valid}, invalid ${r.invalidCount}, skipped ${r.skipped}`);
  for (const [reason, n] of Object.entries(r.skippedReasons)) lines.push(`    skipped ${n}: ${reason}`);
  const verb = r.dryRun ? 'would insert' : 'inserted';
  for (const target of ['infrastructure', 'sites'] as const) {
    const t = r.byTarget[target];
    if (t.inserted + t.updated + t.unchanged === 0) continue;
    lines.push(
      `  ${target}: ${verb} ${t.inserted}, ${r.dryRun ? 'would update' : 'updated'} ${t.updated}, unchanged ${t.unchanged}`,
    );
  }
  if (r.invalidCount > 0) {
    lines.push(
      r.ok || r.dryRun ? '  invalid rows (skipped):' : '  invalid rows (fix them, or pass --skip-invalid):',
    );
    for (const i of r.invalid.slice(0, 50)) lines.push(`    line ${i.line}: ${i.reason}`);
    if (r.invalidCount > 50)
      lines.push(`    … and ${r.invalidCount - 50} more (--json lists ${r.invalid.length})`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // A locked or unusable DATA_DIR is the user's to fix: its message, not a stack.
      const err = e as Error;
      process.stderr.write(
        `import failed: ${err.name === 'DataDirError' ? err.message : (err.stack ?? String(e))}\n`,
      );
      process.exitCode = 1;
    },
  );
}
