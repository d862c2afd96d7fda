/**
 * What the figures were measured on: CPU, memory, Node, PostgreSQL/PostGIS and their settings,
 * and how busy the machine was (load average) around each step. On a shared 2-core machine the
 * load average is the first thing to read next to a wall-clock figure; the CPU time spent by the
 * database backends (read from /proc when PostgreSQL runs on this host) is the load-independent
 * companion figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Knex } from 'knex';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memGb: number;
  node: string;
  platform: string;
  postgres: string;
  postgis: string;
  settings: Record<string, string>;
  loadAvgAtStart: number[];
}

/** Machine and database facts for the report header. */
export async function machineInfo(knex: Knex): Promise<MachineInfo> {
  const v = await knex.raw('select version() as pg, postgis_full_version() as gis');
  const s = await knex.raw(
    `select name, setting || coalesce(unit, '') as value from pg_settings
     where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather',
                    'jit', 'random_page_cost', 'max_connections', 'synchronous_commit')`,
  );
  const gis = String(v.rows[0].gis);
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    postgres: String(v.rows[0].pg).split(' on ')[0],
    postgis: /POSTGIS="([^"]+)"/.exec(gis)?.[1] ?? gis.slice(0, 40),
    settings: Object.fromEntries(s.rows.map((r: { name: string; value: string }) => [r.name, r.value])),
    loadAvgAtStart: loadAvg(),
  };
}

/** 1/5/15-minute load averages, rounded. */
export function loadAvg(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

const TICKS_PER_SECOND = 100;

function procCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * A meter of the CPU time that the backends of one database spend between `start()` and
 * `stop()` (ms). Null when the backends are not visible in /proc (remote server).
 * @example const m = await backendCpuMeter(knex); await work(); const cpuMs = await m.stop();
 */
export async function backendCpuMeter(knex: Knex): Promise<{ stop(): Promise<number | null> }> {
  const pids = async () => {
    const r = await knex.raw('select pid from pg_stat_activity where datname = current_database()');
    return r.rows.map((x: { pid: number }) => Number(x.pid)) as number[];
  };
  const before = new Map<number, number>();
  for (const pid of await pids()) {
    const ms = procCpuMs(pid);
    if (ms !== null) before.set(pid, ms);
  }
  const visible = before.size > 0;
  return {
    async stop() {
      if (!visible) return null;
      let total = 0;
      for (const pid of await pids()) {
        const ms = procCpuMs(pid);
        if (ms !== null) total += ms - (before.get(pid) ?? 0);
      }
      return Math.round(total);
    },
  };
}
