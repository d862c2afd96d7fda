/**
 * Latency statistics for the bench: nearest-rank percentiles over raw samples (no
 * interpolation, so a p95 is a latency that was actually observed).
 */

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * Nearest-rank percentile of samples (any order).
 * @example percentile([5, 1, 3], 50) // 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * p50/p95/p99/mean/min/max of millisecond samples, rounded to 0.1 ms.
 * @example summarize([1, 2, 3]).p50 // 2
 */
export function summarize(samples: readonly number[]): LatencySummary {
  const r = (v: number) => Math.round(v * 10) / 10;
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, mean: NaN, min: NaN, max: NaN };
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    n: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    p99: r(percentile(samples, 99)),
    mean: r(mean),
    min: r(Math.min(...samples)),
    max: r(Math.max(...samples)),
  };
}

/** Milliseconds since `t0` (a `performance.now()` reading). */
export const since = (t0: number): number => performance.now() - t0;

/**
 * Runs `fn` and returns its result with its wall time in ms.
 * @example const { value, ms } = await timed(() => knex.raw('select 1'));
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: since(t0) };
}

/**
 * Runs `task(i)` for i in [0, total) with `concurrency` in flight; returns each call's latency (ms)
 * and the wall time of the whole run.
 * @example const { latencies, wallMs } = await runConcurrent(200, 1, (i) => fetch(urls[i % urls.length]));
 */
export async function runConcurrent(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await task(i);
      latencies[i] = since(t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { latencies, wallMs: since(t0) };
}

/**
 * Runs `task` with `concurrency` workers for `durationMs`; returns completed calls per second
 * and their latencies. The same loop drives the raw-SQL and the HTTP throughput runs, so the
 * two figures are comparable.
 * @example const { perSecond } = await runFor(10_000, 8, (i) => encoder.encode(layer, tiles[i % tiles.length]));
 */
export async function runFor(
  durationMs: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<{ completed: number; perSecond: number; latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const i = next++;
      const t = performance.now();
      try {
        await task(i);
        latencies.push(since(t));
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = since(t0);
  return { completed: latencies.length, perSecond: (latencies.length * 1000) / wall, latencies, errors };
}

/** Human-readable byte count (KB = 1024 B, as the 500 KB tile cap). */
export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** Milliseconds as "850 ms" or "12.3 s". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
