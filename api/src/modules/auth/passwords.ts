/**
 * scrypt password hashes, self-describing so parameters can be raised later:
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`.
 *
 * Parameters follow OWASP's Password Storage Cheat Sheet (scrypt, "N=2^14 (16 MiB), r=8, p=5",
 * one of its equivalent settings; the 2^17 variant costs 128 MiB and ~1.7 s per hash on a
 * small machine). Hashes with other parameters still verify and are re-hashed at the next
 * successful login (`needsRehash`).
 *
 * Hashing runs on dedicated worker threads with the synchronous scrypt, not on libuv's shared
 * 4-thread pool: there it queued behind and in front of gzip, file reads and DNS, so a login
 * flood stalled every response (issue 14).
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 5 } as const;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

// CommonJS source evaluated by each worker (no loader needed: works under tsx, vitest and node).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
parentPort.on('message', (m) => {
  try {
    const out = crypto.scryptSync(m.password, Buffer.from(m.salt, 'base64'), m.keylen, { N: m.N, r: m.r, p: m.p, maxmem: m.maxmem });
    parentPort.postMessage({ id: m.id, hash: out.toString('base64') });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});`;

interface Job {
  resolve: (hash: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Job>;
}

/** A small pool of scrypt worker threads (unref'd: they never keep the process alive). */
export class ScryptPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;

  constructor(private readonly threads = 1) {}

  run(password: string, salt: Buffer, keylen: number, params: { N: number; r: number; p: number }) {
    const slot = this.pick();
    const id = ++this.nextId;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({
        id,
        password,
        salt: salt.toString('base64'),
        keylen,
        ...params,
        maxmem: MAXMEM,
      });
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pick(): Slot {
    if (this.slots.length < this.threads) return this.spawn();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; hash?: string; error?: string }) => {
      const job = slot.pending.get(m.id);
      if (!job) return;
      slot.pending.delete(m.id);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(Buffer.from(m.hash!, 'base64'));
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.pending.values()) job.reject(err);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`password hashing worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

/** Hashes and verifies passwords on a ScryptPool. */
export class PasswordHasher {
  constructor(private readonly pool: ScryptPool) {}

  async hash(password: string): Promise<string> {
    const salt = crypto.randomBytes(16);
    const { N, r, p } = SCRYPT_PARAMS;
    const hash = await this.pool.run(password, salt, KEYLEN, SCRYPT_PARAMS);
    return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
  }

  async verify(password: string, stored: string | null): Promise<boolean> {
    const parsed = parseHash(stored);
    if (!parsed) return false;
    const actual = await this.pool.run(password, parsed.salt, parsed.hash.length, parsed.params);
    return crypto.timingSafeEqual(actual, parsed.hash);
  }
}

function parseHash(stored: string | null) {
  if (!stored) return undefined;
  const [alg, n, r, p, saltB64, hashB64] = stored.split('$');
  if (alg !== 'scrypt' || !saltB64 || !hashB64) return undefined;
  return {
    params: { N: Number(n), r: Number(r), p: Number(p) },
    salt: Buffer.from(saltB64, 'base64'),
    hash: Buffer.from(hashB64, 'base64'),
  };
}

/** True when `stored` was made with other parameters than today's (re-hash it at login). */
export function needsRehash(stored: string | null): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = SCRYPT_PARAMS;
  return parsed.params.N !== N || parsed.params.r !== r || parsed.params.p !== p;
}

const shared = new PasswordHasher(new ScryptPool(1));

/** Hash on the process's shared one-thread pool (seed, CLI); the API uses its own pool. */
export const hashPassword = (password: string) => shared.hash(password);
export const verifyPassword = (password: string, stored: string | null) => shared.verify(password, stored);

/** A random secret for sessions and API tokens, and the hash we store instead of it. */
export function newSecret(prefix = ''): string {
  return prefix + crypto.randomBytes(32).toString('base64url');
}

export function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
