/**
 * The product's own entry point (`api/src/main.ts`) as a child process on a free port, its
 * pino JSON log lines collected: the fault runs and tests/http/faults.test.ts use it to kill,
 * signal and restart the real thing (bench/lib/server.ts is the bench's variant of the app,
 * without main.ts's migrations, seed and shutdown handling).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';

export type LogLine = Record<string, unknown>;

export interface MainProcess {
  child: ChildProcess;
  pid: number;
  base: string;
  /** Every JSON line printed so far. */
  logs: LogLine[];
  /** Milliseconds from spawn to the "listening" line. */
  startMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(pred: (l: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** SIGKILL unless it has already exited. */
  kill(): void;
}

const CLEARED = ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'NODE_ENV'];

/** The TypeScript entry point run through tsx (the default of startMainProcess). */
export const TSX_MAIN = ['--import', 'tsx', path.join(projectRoot, 'api/src/main.ts')];

/**
 * `node --import tsx api/src/main.ts` (or `node <opts.nodeArgs>`, e.g. a compiled
 * `dist/api/main.js`) with PORT=0 on 127.0.0.1 and `env`; resolves once it logs the port it
 * listens on.
 * @example const p = await startMainProcess({ DATABASE_URL: url }); await fetch(`${p.base}/api/health`);
 */
export async function startMainProcess(
  env: Record<string, string>,
  opts: { startTimeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<MainProcess> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of CLEARED) delete base[k];
  const t0 = performance.now();
  const child = spawn(process.execPath, opts.nodeArgs ?? TSX_MAIN, {
    cwd: projectRoot,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ msg: line, notJson: true });
      }
    }
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const waitForLog = (pred: (l: LogLine) => boolean, ms = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(pred);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such log line within ${ms} ms; stderr: ${stderr.slice(-2000)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  const listening = await Promise.race([
    waitForLog(
      (l) => typeof l.port === 'number' && String(l.msg).includes('listening'),
      opts.startTimeoutMs ?? 180_000,
    ),
    exited.then(({ code, signal }) => {
      throw new Error(
        `the server (${(opts.nodeArgs ?? TSX_MAIN).at(-1)}) exited (${code ?? signal}) before listening: ${stderr.slice(-2000)}`,
      );
    }),
  ]).catch((err) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw err;
  });
  return {
    child,
    pid: child.pid!,
    base: `http://127.0.0.1:${listening.port}`,
    logs,
    startMs: Math.round(performance.now() - t0),
    exited,
    waitForLog,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export interface DrainObservation {
  /** `inFlight` of main.ts's "shutting down" log line. */
  inFlightAtSignal: unknown;
  /** Whether a new connection attempted during the drain was refused. */
  newConnectionRefused: boolean;
  status: number;
  /** The `Connection` header of the drained response (`close` lets the drain end at once). */
  connection: string | undefined;
  body: unknown;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** From the end of the request body to the process exit. */
  exitMs: number;
}

/**
 * Sends SIGTERM while a request is in flight (held open by its own body, sent in two halves
 * around the signal), tries a new connection during the drain, then finishes the request and
 * waits for the exit.
 * @example const d = await sigtermDuringRequest(proc, '/api/match', JSON.stringify(needs));
 */
export async function sigtermDuringRequest(
  proc: MainProcess,
  path: string,
  body: string,
): Promise<DrainObservation> {
  const half = Math.floor(body.length / 2);
  const req = http.request(`${proc.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; connection?: string; body: unknown }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: parsed });
      });
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, half));
  // Let the server parse the headers: the request is then in flight.
  await new Promise((r) => setTimeout(r, 300));
  proc.child.kill('SIGTERM');
  const draining = await proc.waitForLog((l) => l.msg === 'shutting down: draining requests', 10_000);
  const newConnectionRefused = await fetch(`${proc.base}/api/health`).then(
    () => false,
    () => true,
  );
  req.end(body.slice(half));
  const r = await response;
  const t0 = performance.now();
  const exit = await proc.exited;
  return {
    inFlightAtSignal: draining.inFlight,
    newConnectionRefused,
    status: r.status,
    connection: r.connection,
    body: r.body,
    exit,
    exitMs: Math.round(performance.now() - t0),
  };
}
