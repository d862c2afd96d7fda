/**
 * Bench files owned by other modules (bench/import.bench.ts, bench/pdf.bench.ts) run as
 * sub-steps in their own Node process; their output is kept in the report as they print it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';
import { type StepResult, skipped } from './report.ts';

const TIMEOUT_MS = 45 * 60_000;
const KEEP_CHARS = 12_000;

/**
 * Runs `bench/<file>` with tsx if it exists, passing the bench database and options through the
 * environment (BENCH_DATABASE_URL, BENCH_QUICK=1 with --quick, BENCH_RESULTS_DIR).
 * @example await runSubBench('import.bench.ts', 'Import throughput (issue 3)', env, log)
 */
export async function runSubBench(
  file: string,
  title: string,
  env: Record<string, string>,
  log: (l: string) => void,
): Promise<StepResult> {
  const id = `sub:${file.replace(/\.bench\.ts$/, '')}`;
  const full = path.join(projectRoot, 'bench', file);
  if (!fs.existsSync(full)) return skipped(id, title, `bench/${file} does not exist (yet)`);
  const t0 = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', full], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      const s = d.toString('utf8');
      for (const line of s.split('\n')) if (line.trim()) log(`  [${file}] ${line}`);
      output += s;
      if (output.length > KEEP_CHARS * 2) output = output.slice(-KEEP_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, output });
    });
  });
  const ms = Math.round(performance.now() - t0);
  const text = output.length > KEEP_CHARS ? `…\n${output.slice(-KEEP_CHARS)}` : output;
  // ANSI colour codes and progress-bar carriage returns do not belong in Markdown.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes on purpose
  const clean = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n');
  return {
    id,
    title,
    status: code === 0 ? 'ok' : 'failed',
    message: code === 0 ? undefined : `exit code ${code}`,
    markdown: `\`node --import tsx bench/${file}\` (exit ${code}, ${(ms / 1000).toFixed(1)} s), its output:\n\n${asMarkdown(clean)}`,
    data: { exitCode: code, ms, output: clean },
  };
}

/**
 * Printed output as Markdown: runs of table lines (starting with "|") kept as tables, every other
 * run of lines kept verbatim in a code block.
 * @example asMarkdown('title\n| a |\n|---|') // "```\ntitle\n```\n\n| a |\n|---|"
 */
export function asMarkdown(text: string): string {
  const blocks: string[] = [];
  let run: string[] = [];
  let inTable = false;
  const flush = () => {
    if (run.length === 0) return;
    blocks.push(inTable ? run.join('\n') : `\`\`\`\n${run.join('\n')}\n\`\`\``);
    run = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const table = line.trimStart().startsWith('|');
    if (table !== inTable) {
      flush();
      inTable = table;
    }
    run.push(line);
  }
  flush();
  return blocks.join('\n\n');
}
