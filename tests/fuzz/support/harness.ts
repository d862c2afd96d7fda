/**
 * What every fuzz case checks: the request ends (no hang) with a status below 500; a 4xx
 * carries a JSON error body with a code and a message; and a refused request leaves the
 * database exactly as it was (md5 of the tables a write could touch, taken before and after).
 * Requests go through node:http, not fetch, so paths like `/api/projects/../` and `%zz` reach
 * the server as written.
 */
import http from 'node:http';
import type { Knex } from 'knex';
import { expect } from 'vitest';

export const REQUEST_TIMEOUT_MS = 10_000;

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
  text: string;
  json: unknown;
  ms: number;
}

/** One request on a fresh connection; rejects when no answer comes within the timeout. */
export function send(baseUrl: string, r: RawRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
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
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            ms: Date.now() - started,
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
      reject(
        e.name === 'AbortError' || e.name === 'TimeoutError'
          ? new Error(`no answer within ${timeoutMs} ms: ${describe(r)}`)
          : new Error(`${e.message}: ${describe(r)}`),
      );
    });
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
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
