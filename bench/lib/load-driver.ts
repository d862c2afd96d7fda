/**
 * Drives autocannon with a request picker and records every response (route class, kind,
 * status, latency, completion time, Retry-After), so the load test can give percentiles per
 * class and the fault runs a time line of failures and recovery. autocannon's own histogram
 * keeps only 2xx latencies and has no p95; these samples keep everything.
 */
import autocannon from 'autocannon';
import type { LoadRequest, RouteClass } from './load-mix.ts';

export interface Sample {
  cls: RouteClass;
  kind: string;
  status: number;
  /** Latency, ms. */
  ms: number;
  /** Completion time since the start of the run, ms. */
  at: number;
  retryAfter: string | null;
}

export interface Lost {
  cls: RouteClass;
  kind: string;
  /** Start time since the start of the run, ms. */
  startedAt: number;
}

export interface DriverResult {
  samples: Sample[];
  /** Requests sent more than `timeoutS` before the end that never got a response. */
  lost: Lost[];
  /** `performance.now()` when the run started (what `at` and `startedAt` count from). */
  clockStart: number;
  wallMs: number;
  autocannon: {
    requestsPerSec: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodes: Record<string, number>;
    bytesPerSec: number;
    totalBytes: number;
  };
}

export interface DriverOptions {
  base: string;
  next(): LoadRequest;
  connections: number;
  durationS: number;
  /** autocannon's per-request timeout (s): a request slower than this counts as an error. */
  timeoutS?: number;
  headers?: Record<string, string>;
}

interface Pending {
  req: LoadRequest;
  t0: number;
}

/**
 * Runs the load for `durationS` over `connections` keep-alive connections (one request in
 * flight each, closed loop: a connection sends its next request when the previous answers).
 * @example const r = await driveLoad({ base, next: mix.next, connections: 10, durationS: 20 });
 */
export async function driveLoad(opts: DriverOptions): Promise<DriverResult> {
  const timeoutS = opts.timeoutS ?? 10;
  const pending = new Map<number, Pending>();
  const samples: Sample[] = [];
  let seq = 0;
  let start = performance.now();
  // autocannon gives setupRequest a fresh context per request and hands the same one to
  // onResponse: the id stored there ties the response to the request that was sent.
  const request = {
    setupRequest(req: object, context: object) {
      const r = opts.next();
      const id = ++seq;
      (context as { id?: number }).id = id;
      pending.set(id, { req: r, t0: performance.now() });
      return {
        ...req,
        method: r.method,
        path: r.path,
        headers: {
          ...(opts.headers ?? {}),
          ...(r.body ? { 'content-type': 'application/json' } : {}),
        },
        body: r.body ?? '',
      };
    },
    onResponse(status: number, _body: string, context: { id?: number }, headers: Record<string, unknown>) {
      const p = context.id === undefined ? undefined : pending.get(context.id);
      if (!p || context.id === undefined) return;
      pending.delete(context.id);
      const now = performance.now();
      const ra = headers?.['retry-after'] ?? headers?.['Retry-After'];
      samples.push({
        cls: p.req.cls,
        kind: p.req.kind,
        status,
        ms: now - p.t0,
        at: now - start,
        retryAfter: ra === undefined ? null : String(ra),
      });
    },
  };
  start = performance.now();
  const result = await autocannon({
    url: opts.base,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.durationS,
    timeout: timeoutS,
    requests: [request],
  });
  const wallMs = performance.now() - start;
  const lost: Lost[] = [];
  for (const p of pending.values()) {
    const startedAt = p.t0 - start;
    if (startedAt < wallMs - timeoutS * 1000) lost.push({ cls: p.req.cls, kind: p.req.kind, startedAt });
  }
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
  return {
    samples,
    lost,
    clockStart: start,
    wallMs,
    autocannon: {
      requestsPerSec: result.requests.average,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
      bytesPerSec: result.throughput.average,
      totalBytes: result.throughput.total,
    },
  };
}

export interface ClassFigures {
  n: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Responses that are not 2xx (204 empty tiles count as success), by status. */
  non2xx: Record<string, number>;
  lost: number;
}

/**
 * Nearest-rank percentiles and counts of a set of samples (loop-based: a 60 s run can hold
 * more samples than `Math.min(...xs)` accepts as arguments).
 */
export function figures(samples: Sample[], lost: number, wallMs: number): ClassFigures {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number) => (ms.length ? ms[Math.max(0, Math.ceil((p / 100) * ms.length) - 1)] : Number.NaN);
  const r = (v: number) => Math.round(v * 10) / 10;
  const non2xx: Record<string, number> = {};
  for (const s of samples)
    if (s.status < 200 || s.status >= 300) non2xx[s.status] = (non2xx[s.status] ?? 0) + 1;
  let sum = 0;
  for (const v of ms) sum += v;
  return {
    n: samples.length,
    perSecond: r((samples.length * 1000) / wallMs),
    p50: r(at(50)),
    p95: r(at(95)),
    p99: r(at(99)),
    max: r(ms.length ? ms[ms.length - 1] : Number.NaN),
    mean: r(ms.length ? sum / ms.length : Number.NaN),
    non2xx,
    lost,
  };
}
