/**
 * The report of a fault run: the pass/fail table (and the time line of (a)) as Markdown, with the
 * JSON of every scenario, in bench/results/faults-<time>.{json,md}, copied to faults-latest.json
 * and faults-report.md, and printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';
import { loadAvg } from '../lib/machine.ts';
import { table } from '../lib/report.ts';
import type { Log, Scenario } from './common.ts';
import type { Options } from './options.ts';

const RESULTS_DIR = path.join(projectRoot, 'bench', 'results');

export interface FaultRun {
  started: Date;
  /** Load average before the first scenario. */
  loadBefore: number[];
  /** The PostGIS database of (a), (b), (d). */
  url: string;
  /** Its bench data, when one of (a), (b), (d) ran. */
  data: { sites: number; infrastructure: Record<string, number> } | null;
  opts: Options;
  results: Scenario[];
}

/** Writes and prints the report; the ids of the scenarios with a failed check or an error. */
export function writeReport({ started, loadBefore, url, data, opts, results }: FaultRun, log: Log): string[] {
  const rows = results.flatMap((r) =>
    r.error
      ? [[`(${r.id}) ${r.title}`, 'scenario ran', '', r.error.slice(0, 300), '**FAIL**']]
      : r.checks.map((c, i) => [
          i === 0 ? `(${r.id}) ${r.title}` : '',
          c.check,
          c.expected,
          c.measured,
          c.pass ? 'pass' : '**FAIL**',
        ]),
  );
  const failed = results.filter((r) => r.error || r.checks.some((c) => !c.pass));
  const a = results.find((r) => r.id === 'a' && !r.error);
  const markdown = [
    '# landmatch fault runs',
    '',
    `Run ${started.toISOString()} with \`npm run bench:faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (shared machine; load average before ${loadBefore.join(' / ')}, after ${loadAvg().join(' / ')}).${
      data
        ? ` PostGIS database \`${new URL(url).pathname.slice(1)}\`: ${data.sites.toLocaleString('en')} bench plots, infrastructure ${Object.entries(
            data.infrastructure,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}.`
        : ''
    }`,
    '',
    `**${failed.length === 0 ? 'All checks pass' : `${failed.length} scenario(s) with failures: ${failed.map((f) => f.id).join(', ')}`}.**`,
    '',
    table(['scenario', 'check', 'expected', 'measured', ''], rows),
    ...(a
      ? [
          '',
          '### (a) time line around the outage (responses completed per second)',
          '',
          table(
            ['second', 'PostgreSQL', '2xx', 'failures', 'slowest failure (ms)', '/api/health'],
            a.data.timeline as string[][],
          ),
          '',
          'Driver errors behind the failed requests (the API\'s own "request failed" log lines):',
          '',
          table(
            ['code: message', 'requests'],
            Object.entries(a.data.errorKinds as Record<string, number>).sort((x, y) => y[1] - x[1]),
          ),
        ]
      : []),
    '',
  ].join('\n');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(
    { started, argv: process.argv.slice(2), options: { ...opts, only: [...opts.only] }, data, results },
    null,
    2,
  );
  fs.writeFileSync(path.join(RESULTS_DIR, `faults-${stamp}.json`), json);
  fs.writeFileSync(path.join(RESULTS_DIR, 'faults-latest.json'), json);
  fs.writeFileSync(path.join(RESULTS_DIR, `faults-${stamp}.md`), markdown);
  fs.writeFileSync(path.join(RESULTS_DIR, 'faults-report.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`faults: wrote bench/results/faults-report.md (= faults-${stamp}.md) and faults-${stamp}.json`);
  return failed.map((f) => f.id);
}
