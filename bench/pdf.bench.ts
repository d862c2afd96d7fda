/**
 * Shortlist PDF generation time and size for 3, 10 and 20 sites (issue 6 target: 20 sites ≤ 3 s).
 * Run: `npx tsx bench/pdf.bench.ts`. One untimed warm-up render first loads the fonts and the
 * France outline, which every later render in the process reuses; its time is printed apart.
 * Also importable: `runPdfBench()` returns the rows for a combined report.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { renderShortlistPdf } from '../api/src/modules/projects/pdf/render-shortlist-pdf.ts';
import { generatedShortlist } from '../api/src/modules/projects/pdf/shortlist.fixture.ts';

export interface PdfBenchRow {
  sites: number;
  pages: number;
  medianMs: number;
  maxMs: number;
  /** Median process CPU time (user + system) per render: steadier than wall time on a busy machine. */
  cpuMs: number;
  sizeKb: number;
}

const SIZES = [3, 10, 20];
const RUNS = 5;
const TARGET_MS_20 = 3000;

/** Page objects in the file (pdfkit writes them uncompressed), i.e. what a viewer shows. */
function countPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page(?!s)/g)?.length ?? 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Renders each size RUNS times (French) and returns the timings. */
export async function runPdfBench(): Promise<{ coldMs: number; rows: PdfBenchRow[] }> {
  const t0 = performance.now();
  await renderShortlistPdf(generatedShortlist(3), 'fr');
  const coldMs = performance.now() - t0;
  const rows: PdfBenchRow[] = [];
  for (const n of SIZES) {
    const doc = generatedShortlist(n);
    const times: number[] = [];
    const cpu: number[] = [];
    let last: Buffer = Buffer.alloc(0);
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      last = await renderShortlistPdf(doc, 'fr');
      times.push(performance.now() - start);
      const c = process.cpuUsage(cpuStart);
      cpu.push((c.user + c.system) / 1000);
    }
    rows.push({
      sites: n,
      pages: countPages(last),
      medianMs: median(times),
      maxMs: Math.max(...times),
      cpuMs: median(cpu),
      sizeKb: last.length / 1024,
    });
  }
  return { coldMs, rows };
}

async function main(): Promise<void> {
  const { coldMs, rows } = await runPdfBench();
  console.log(`Shortlist PDF (pdfkit, A4, fr), ${RUNS} runs per size, node ${process.version}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  console.log(`warm-up render (fonts + France outline loaded once per process): ${coldMs.toFixed(0)} ms`);
  console.log('');
  console.log('| sites | pages | median ms | max ms | size KB | median CPU ms |');
  console.log('|------:|------:|----------:|-------:|--------:|--------------:|');
  for (const r of rows) {
    console.log(
      `| ${r.sites} | ${r.pages} | ${r.medianMs.toFixed(0)} | ${r.maxMs.toFixed(0)} | ${r.sizeKb.toFixed(0)} | ${r.cpuMs.toFixed(0)} |`,
    );
  }
  const twenty = rows.find((r) => r.sites === 20);
  if (twenty) {
    const ok = twenty.maxMs <= TARGET_MS_20;
    console.log('');
    console.log(
      `target 20 sites ≤ ${TARGET_MS_20} ms: ${ok ? 'met' : 'MISSED'} (max ${twenty.maxMs.toFixed(0)} ms)`,
    );
    if (!ok) process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
