/**
 * (b) `npm run import -- sites-geojson <big file>` killed with SIGKILL while rows are being
 * written: every table has exactly the rows it had before.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';
import { writeBigSitesGeojson } from '../lib/big-sites.ts';
import { type Log, type Scenario, sleep, withClient } from './common.ts';
import type { Options } from './options.ts';

/** Exact row count of every table of the schema. */
async function tableCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const t = await c.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, number> = {};
    for (const { name } of t.rows)
      out[name] = Number(
        (await c.query(`SELECT count(*)::bigint AS n FROM "${name.replace(/"/g, '""')}"`)).rows[0].n,
      );
    return out;
  });
}

export async function importKilled(url: string, opts: Options, log: Log): Promise<Scenario> {
  const title = `\`npm run import -- sites-geojson\` (${opts.importSites.toLocaleString('en')} sites) killed with SIGKILL mid-way`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-import-'));
  try {
    const file = path.join(dir, 'sites.geojson');
    const bytes = writeBigSitesGeojson(file, opts.importSites);
    log(`  b: ${(bytes / 1e6).toFixed(1)} MB written to ${file}`);
    const before = await tableCounts(url);
    const sizeOf = () =>
      withClient(url, async (c) => {
        const r = await c.query(
          `SELECT pg_total_relation_size('sites')::bigint AS b,
                  count(*) FILTER (WHERE a.query ~* '^\\s*insert\\s+into\\s+"?sites"?[\\s(]' AND a.state = 'active')::int AS inserting
           FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()`,
        );
        return { bytes: Number(r.rows[0].b), inserting: r.rows[0].inserting as number };
      });
    const size0 = (await sizeOf()).bytes;
    const child = spawn('npm', ['run', '--silent', 'import', '--', 'sites-geojson', file], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm → sh → node, all killed at once.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    let exitedEarly: { code: number | null; signal: string | null } | null = null;
    void exited.then((e) => {
      exitedEarly = e;
    });
    const t0 = performance.now();
    let grown = 0;
    let sawInsert = false;
    const GROWTH = 2 * 1024 * 1024;
    while (!exitedEarly && performance.now() - t0 < 300_000) {
      const s = await sizeOf();
      grown = s.bytes - size0;
      sawInsert ||= s.inserting > 0;
      if (grown >= GROWTH && sawInsert) break;
      await sleep(100);
    }
    const killedAfterMs = Math.round(performance.now() - t0);
    const finishedBeforeKill = exitedEarly !== null;
    if (!finishedBeforeKill) process.kill(-child.pid!, 'SIGKILL');
    const exit = await exited;
    // The server notices the closed socket and rolls back; wait for its backend to go away.
    let leftover = -1;
    for (let i = 0; i < 100; i++) {
      leftover = await withClient(url, async (c) =>
        Number(
          (
            await c.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
            )
          ).rows[0].n,
        ),
      );
      if (leftover === 0) break;
      await sleep(100);
    }
    const after = await tableCounts(url);
    const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
    const sizeAfter = (await sizeOf()).bytes;
    return {
      id: 'b',
      title,
      checks: [
        {
          check: 'rows were being written when killed',
          expected: '`sites` growing (uncommitted tuples) and an INSERT running',
          measured: `+${(grown / 1024 / 1024).toFixed(1)} MB in \`sites\` after ${(killedAfterMs / 1000).toFixed(1)} s, INSERT seen: ${sawInsert}`,
          pass: grown >= GROWTH && sawInsert && !finishedBeforeKill,
        },
        {
          check: 'the import was killed, not finished',
          expected: 'SIGKILL',
          measured: `exit ${exit.code ?? exit.signal}`,
          pass: exit.signal === 'SIGKILL',
        },
        {
          check: 'no partial rows: every table has its count from before',
          expected: `${Object.keys(before).length} tables unchanged`,
          measured: changed.length
            ? changed.map((k) => `${k} ${before[k]} → ${after[k]}`).join(', ')
            : `all equal (sites ${before.sites}, site_access ${before.site_access ?? '–'}, infrastructure ${before.infrastructure})`,
          pass: changed.length === 0,
        },
        {
          check: 'no session left in a transaction',
          expected: '0',
          measured: String(leftover),
          pass: leftover === 0,
        },
      ],
      data: {
        fileBytes: bytes,
        killedAfterMs,
        grownBytes: grown,
        sitesBytesBefore: size0,
        sitesBytesAfter: sizeAfter,
        before,
        after,
        exit,
        output: output.slice(-2000),
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
