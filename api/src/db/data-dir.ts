/**
 * The embedded engine's data directory: one writer at a time, and a clear message when it
 * cannot be used.
 *
 * PGlite is a single-process PostgreSQL without shared memory between processes: two
 * processes on one DATA_DIR each accepted writes and, once both stopped, one's were gone
 * (issue 14). So opening takes an exclusive lock file beside the directory (`<DATA_DIR>.lock`,
 * not inside it: initdb wants an empty directory), created with O_EXCL and holding the
 * holder's pid. A second opener (server or CLI) fails at once naming the directory and that
 * pid. A lock left by a process that died (SIGKILL, power cut) is taken over: its pid is no
 * longer a running node process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

const held = new Set<string>();
process.once('exit', () => {
  for (const lock of held) releaseSync(lock);
});

function releaseSync(lock: string): void {
  try {
    const h = JSON.parse(fs.readFileSync(lock, 'utf8')) as Holder;
    if (h.pid === process.pid) fs.unlinkSync(lock);
  } catch {}
  held.delete(lock);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A recycled pid belongs to something else than node: the lock is stale.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

function describe(h: Holder): string {
  return `process ${h.pid}${h.command ? ` (${h.command})` : ''} since ${h.since}`;
}

/**
 * Takes the lock of `dir`; returns its release. Throws DataDirError when another live process
 * holds it.
 */
export function lockDataDir(dir: string, purpose = 'writing'): () => void {
  const lock = `${dir}.lock`;
  const me: Holder = {
    pid: process.pid,
    host: os.hostname(),
    command: process.argv
      .slice(1)
      .map((a) => path.basename(a))
      .join(' ')
      .slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lock, JSON.stringify(me), { flag: 'wx' });
      held.add(lock);
      return () => releaseSync(lock);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw unusable(dir, e as NodeJS.ErrnoException, lock);
    }
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as Holder;
    } catch {
      // Being written by its creator right now, or garbage: look again.
    }
    if (holder && holder.host === me.host && holder.pid !== process.pid && alive(holder.pid)) {
      throw new DataDirError(
        `The embedded database in ${dir} is in use by ${describe(holder)}; one process at a time may open it ` +
          `(${purpose}). Stop that process first (for a running server: Ctrl-C or kill ${holder.pid}), or go through ` +
          'its HTTP API (POST /api/import/{format}, an admin token) instead of a second process.',
      );
    }
    if (holder && holder.host !== me.host) {
      throw new DataDirError(
        `The embedded database in ${dir} is locked by ${describe(holder)} on host ${holder.host}. If that process is gone, delete ${lock}.`,
      );
    }
    if (holder || attempt > 0) fs.rmSync(lock, { force: true });
    else sleepSync(50);
  }
  throw new DataDirError(`Could not take the lock ${lock} of the embedded database in ${dir}.`);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function unusable(dir: string, e: NodeJS.ErrnoException, probe: string): DataDirError {
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a directory',
    ENOSPC: 'no space left on the device',
    ENOENT: 'a parent directory is missing',
  };
  return new DataDirError(
    `DATA_DIR ${dir} cannot be used: ${why[e.code ?? ''] ?? e.message} (${e.code ?? 'error'} on ${probe}). ` +
      'Fix: make the directory and its parent writable by the user running landmatch ' +
      `(e.g. chown -R ${os.userInfo().username} ${path.dirname(dir)}), or set DATA_DIR to a writable directory.`,
  );
}

/**
 * Creates `dir` if needed and checks it can be read and written (a write probe, which also
 * catches read-only mounts that `access()` would report as writable for root).
 */
export function assertUsableDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw unusable(dir, e as NodeJS.ErrnoException, dir);
  }
  const probe = path.join(dir, `.landmatch-write-probe-${process.pid}`);
  try {
    fs.readdirSync(dir);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (e) {
    throw unusable(dir, e as NodeJS.ErrnoException, probe);
  }
}
