/**
 * Server engine: a database that stops answering without closing its sockets (a frozen host,
 * a SIGSTOPped PostgreSQL, a stalled disk) would hold every request on a pooled connection
 * until TCP gives up, minutes later; `statement_timeout` cannot act, it runs on the frozen
 * server. Issue 14 measured 26 s for a 25 s freeze.
 *
 * The watch: every query on a pooled connection is tracked; when one has run longer than
 * `probeAfterMs`, a fresh connection asks the server `select 1`. If that gets no answer within
 * `probeTimeoutMs`, the server is frozen: the sockets of the queries running since before the
 * probe started are destroyed, so they fail with "Connection terminated" (503 + Retry-After)
 * and the pool replaces them. A slow query on a healthy server is left alone (the probe
 * answers in milliseconds). Worst case to a 503: probeAfterMs + tick + probeTimeoutMs.
 */
import pg from 'pg';

export interface FreezeWatchOptions {
  connectionString: string;
  probeAfterMs?: number;
  probeTimeoutMs?: number;
  onFrozen?: (info: { queries: number; probeMs: number }) => void;
}

interface Running {
  conn: pg.Client;
  since: number;
}

export const FREEZE_PROBE_AFTER_MS = 750;
export const FREEZE_PROBE_TIMEOUT_MS = 2000;
const TICK_MS = 250;

export class FreezeWatch {
  private readonly running = new Set<Running>();
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private lastProbeOk = 0;
  private readonly probeAfterMs: number;
  private readonly probeTimeoutMs: number;

  constructor(private readonly opts: FreezeWatchOptions) {
    this.probeAfterMs = opts.probeAfterMs ?? FREEZE_PROBE_AFTER_MS;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? FREEZE_PROBE_TIMEOUT_MS;
  }

  /** Tracks every query of `conn` (called from the pool's afterCreate). */
  attach(conn: pg.Client): void {
    const original = conn.query;
    const watch = this;
    (conn as any).query = function (this: pg.Client, ...args: any[]) {
      const rec: Running = { conn, since: Date.now() };
      watch.start(rec);
      const done = () => watch.running.delete(rec);
      const cb = args.findIndex((a) => typeof a === 'function');
      if (cb >= 0) {
        const callback = args[cb];
        args[cb] = (...r: unknown[]) => {
          done();
          callback(...r);
        };
      }
      const result = (original as any).apply(this, args);
      if (cb < 0) {
        if (result && typeof result.then === 'function') result.then(done, done);
        else if (result && typeof result.once === 'function') {
          result.once('end', done);
          result.once('error', done);
          result.once('close', done);
        } else done();
      }
      return result;
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
  }

  private start(rec: Running): void {
    this.running.add(rec);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  private tick(): void {
    if (this.running.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.probing) return;
    const now = Date.now();
    let oldest = now;
    for (const r of this.running) oldest = Math.min(oldest, r.since);
    if (now - oldest < this.probeAfterMs || now - this.lastProbeOk < this.probeAfterMs) return;
    void this.probe();
  }

  private async probe(): Promise<void> {
    this.probing = true;
    const startedAt = Date.now();
    const client = new pg.Client({
      connectionString: this.opts.connectionString,
      connectionTimeoutMillis: this.probeTimeoutMs,
      query_timeout: this.probeTimeoutMs,
    });
    client.on('error', () => {});
    let answered = false;
    try {
      await Promise.race([
        client.connect().then(() => client.query('select 1')),
        new Promise((_, reject) => setTimeout(() => reject(new Error('probe timeout')), this.probeTimeoutMs)),
      ]);
      answered = true;
    } catch (err) {
      // Refused or reset: the server is down, not frozen; those queries fail on their own.
      answered = /ECONNREFUSED|ECONNRESET|terminat/i.test(String((err as Error).message));
    } finally {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      void client.end().catch(() => {});
    }
    this.probing = false;
    if (answered) {
      this.lastProbeOk = Date.now();
      return;
    }
    let cut = 0;
    for (const r of [...this.running]) {
      if (r.since > startedAt) continue;
      this.running.delete(r);
      const socket = (r.conn as unknown as { connection?: { stream?: { destroy(err?: Error): void } } })
        .connection?.stream;
      socket?.destroy();
      cut += 1;
    }
    this.opts.onFrozen?.({ queries: cut, probeMs: Date.now() - startedAt });
  }
}
