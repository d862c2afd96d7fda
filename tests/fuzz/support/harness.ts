/**
 * What every fuzz case checks: the request ends (no hang) with a status below 500; a 4xx
 * carries a JSON error body with a code and a message; and a refused request leaves the
 * database exactly as it was (md5 of the tables a write could touch, taken before and after).
 * Requests go through node:http, not fetch, so paths like `/api/projects/../` and `%zz` reach
 * the server as written.
 *
 * A request is bounded by the work it makes the app do, not by the time it takes (a shared
 * machine can be slow for reasons of its own): once `meterWork` watches the app's database, a
 * request that issues more than MAX_STATEMENTS SQL statements without answering is aborted as a
 * runaway, and one still unanswered after IDLE_CHECKS_FOR_HANG checks in a row in which the
 * database did nothing (no statement issued, answered or running, no byte of the answer) is
 * aborted as a hang (a request waiting on a pool that will never free, a promise never settled).
 */
import http from 'node:http';
import type { Knex } from 'knex';
import { expect } from 'vitest';

/**
 * SQL statements a request may see issued before it counts as a runaway: the most one fuzz
 * request causes is 22 (an import, FUZZ_STATS=1), and 8 run together in the concurrency case.
 */
export const MAX_STATEMENTS = 250;
/** Checks in a row with an idle database and no answer that make a hang. */
export const IDLE_CHECKS_FOR_HANG = 120;
const CHECK_EVERY_MS = 250;

/** Fixed seed; `FUZZ_SEED` and `FUZZ_RUNS` (a multiplier) explore further locally or in a nightly job. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261122);
export const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.FUZZ_RUNS ?? 1)));

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as received (tiles, PDFs), then as UTF-8 text and parsed JSON when it is JSON. */
  bytes: Buffer;
  text: string;
  json: unknown;
  /** SQL statements issued while the request was open (all of the app's, when several are in flight). */
  statements: number;
}

/** What the app's database has done, from knex's query events. */
export interface WorkMeter {
  maxStatements: number;
  idleChecksForHang: number;
  /** Statements issued. */
  issued: number;
  /** Statements answered (or failed). */
  answered: number;
  /** Statements issued and not answered yet. */
  running: Set<string>;
}

const meters = new Map<string, WorkMeter>();

/** Watches `knex`'s statements for every request `send` makes to `baseUrl` (bounds: tests of the harness). */
export function meterWork(
  baseUrl: string,
  knex: Knex,
  bounds = { maxStatements: MAX_STATEMENTS, idleChecksForHang: IDLE_CHECKS_FOR_HANG },
): WorkMeter {
  const m: WorkMeter = { ...bounds, issued: 0, answered: 0, running: new Set() };
  knex.on('query', (q: { __knexQueryUid?: string }) => {
    m.issued++;
    // BEGIN and COMMIT carry no uid and get no response event: they are counted, not tracked.
    if (q.__knexQueryUid) m.running.add(q.__knexQueryUid);
  });
  const done = (_: unknown, q: { __knexQueryUid?: string }) => {
    m.answered++;
    if (q?.__knexQueryUid) m.running.delete(q.__knexQueryUid);
  };
  knex.on('query-response', done);
  knex.on('query-error', done);
  meters.set(new URL(baseUrl).origin, m);
  return m;
}

/**
 * One request on a fresh connection; rejects when it runs away (MAX_STATEMENTS) or hangs
 * (IDLE_CHECKS_FOR_HANG idle checks), both judged by the app's database work, see above.
 */
export function send(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const meter = meters.get(url.origin);
  const issuedAtStart = meter?.issued ?? 0;
  let received = 0;
  let watch: NodeJS.Timeout | undefined;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: r.path,
        headers: {
          ...(r.body !== undefined ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}),
          ...r.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          received += c.length;
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes,
            text,
            json,
            statements: (meter?.issued ?? 0) - issuedAtStart,
          });
        });
      },
    );
    let answered = false;
    req.on('response', () => {
      answered = true;
    });
    req.on('error', (e) => {
      // A server may answer 413 and close while a 10 MB body is still being written: the answer counts.
      if (answered && (e as NodeJS.ErrnoException).code === 'EPIPE') return;
      reject(new Error(`${e.message}: ${describe(r)}`));
    });
    if (meter) {
      let last = '';
      let idle = 0;
      watch = setInterval(() => {
        const issued = meter.issued - issuedAtStart;
        if (issued > meter.maxStatements)
          req.destroy(new Error(`runaway: ${issued} SQL statements and no answer yet`));
        const state = `${meter.issued}/${meter.answered}/${received}`;
        idle = state === last && meter.running.size === 0 ? idle + 1 : 0;
        last = state;
        if (idle >= meter.idleChecksForHang)
          req.destroy(new Error(`hang: no answer and an idle database for ${idle} checks in a row`));
      }, CHECK_EVERY_MS);
    }
    if (r.body !== undefined) req.write(r.body);
    req.end();
  }).finally(() => clearInterval(watch));
}

export function describe(r: RawRequest): string {
  const body =
    r.body === undefined ? '' : ` body(${Buffer.byteLength(r.body)} B)=${String(r.body).slice(0, 300)}`;
  return `${r.method} ${r.path.slice(0, 300)}${body}`;
}

export type ErrorFormat = 'default' | 'ogc';

/**
 * The error contract: no 5xx; a 4xx is JSON `{ error: { code, message } }` (or the OGC
 * exception `{ code, description }` on /ogc) with a non-empty message.
 */
export function expectClientOutcome(
  r: RawRequest,
  res: RawResponse,
  opts: { format?: ErrorFormat; altError?: (status: number, body: unknown) => boolean } = {},
): void {
  const where = `${describe(r)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  expect(res.status, where).toBeLessThan(500);
  // A HEAD answer has no body to check.
  if (res.status < 400 || r.method === 'HEAD') return;
  if (opts.altError?.(res.status, res.json)) return;
  expect(String(res.headers['content-type']), where).toMatch(/json/);
  const body = res.json as Record<string, any> | undefined;
  const err = body?.error as Record<string, unknown> | undefined;
  const ogc =
    opts.format === 'ogc' && typeof body?.code === 'string' && typeof body?.description === 'string';
  if (ogc) {
    expect((body!.description as string).length, where).toBeGreaterThan(0);
    return;
  }
  expect(typeof err?.code, where).toBe('string');
  expect(typeof err?.message, where).toBe('string');
  expect((err!.message as string).length, where).toBeGreaterThan(0);
}

/** A 404 from the catch-all handler: the route itself does not exist (yet). */
export function isNoRoute(res: RawResponse): boolean {
  const body = res.json as { error?: { message?: string } } | undefined;
  return res.status === 404 && /^No route/.test(body?.error?.message ?? '');
}

// Tables a write can touch; sessions and api_tokens.last_used_at change on reads by design.
const CHECKSUM_TABLES = [
  'sites',
  'site_access',
  'infrastructure',
  'projects',
  'project_status_history',
  'shortlist_items',
  'users',
  'audit_log',
] as const;

/**
 * Per table (so a failure names it): the row count and the newest row version's creating
 * transaction, max(xmin). A committed insert or update writes a version with a newer xmin, a
 * delete lowers the count, a rolled-back write leaves both as they were; and it costs the
 * same whether a polygon has 5 or 45,000 vertices (hashing rows would read all that geometry).
 */
export async function dbChecksum(knex: Knex): Promise<Record<string, string>> {
  const cols = CHECKSUM_TABLES.map(
    (t) => `(select count(*) || ':' || coalesce(max(x.xmin::text::bigint), 0) from ${t} x) as ${t}`,
  );
  const r = await knex.raw(`select ${cols.join(', ')}`);
  return r.rows[0] as Record<string, string>;
}

/** Session headers of a logged-in browser (cookie + CSRF) or a script (bearer token). */
export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export async function loginHeaders(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await send(baseUrl, {
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
  return { cookie, 'x-csrf-token': (res.json as { csrfToken: string }).csrfToken };
}
