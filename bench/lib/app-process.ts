/**
 * Starts and stops the bench server (bench/lib/server.ts) as a child Node process running the
 * real app, and reads its CPU time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';

export interface AppProcess {
  base: string;
  pid: number;
  /** Server process CPU time so far (user + system, ms). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs the app against `databaseUrl` on a free port; resolves once it listens.
 * @example const app = await startApp(url); await fetch(`${app.base}/api/health`); await app.stop();
 */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'bench', 'lib', 'server.ts')],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errText = '';
  const cpuWaiters: Array<(ms: number) => void> = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench server did not start in 60 s: ${errText}`)),
      60_000,
    );
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      errText += chunk;
      for (const line of chunk.split('\n')) {
        const listening = /^LISTENING (\d+)/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
        const cpu = /^CPU (\d+) (\d+)/.exec(line);
        if (cpu) cpuWaiters.shift()?.(Number(cpu[1]) + Number(cpu[2]));
      }
      if (errText.length > 20_000) errText = errText.slice(-10_000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited (${code}): ${errText}`));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        cpuWaiters.push(resolve);
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
