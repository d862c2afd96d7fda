/**
 * A login flood next to a reader of the sites list: N clients in a process of their own (as an
 * attacker's would be) post random-email logins while sequential GETs of /api/sites run.
 * tests/http/login-flood.test.ts checks what it does (the reader keeps getting 200s, the flood
 * gets 429s, hashes stay bounded); `npm run bench:faults -- --only g` prints the latencies.
 */
import { spawn } from 'node:child_process';

/** N (argv[2]) clients posting random-email logins until stdin closes; prints status counts. */
const FLOOD_SCRIPT = `
const [url, n] = process.argv.slice(1);
const counts = {};
let stop = false, total = 0;
process.stdin.on('end', () => { stop = true; }).resume();
const one = async () => {
  while (!stop) {
    try {
      const r = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x' + Math.random().toString(36).slice(2) + '@flood.example', password: 'wrong password' }) });
      await r.arrayBuffer();
      counts[r.status] = (counts[r.status] || 0) + 1;
    } catch { counts.error = (counts.error || 0) + 1; }
    if (++total === 200) process.stdout.write('steady ');
  }
};
Promise.all(Array.from({ length: Number(n) }, one)).then(() => process.stdout.write(JSON.stringify(counts)));
`;

export interface SitesReads {
  ms: number[];
  statuses: number[];
}

/** `n` sequential gzip'd GETs of /api/sites?limit=50: latencies (ms) and statuses. */
export async function readSites(base: string, n: number): Promise<SitesReads> {
  const out: SitesReads = { ms: [], statuses: [] };
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/sites?limit=50`, { headers: { 'accept-encoding': 'gzip' } });
    await r.arrayBuffer();
    out.statuses.push(r.status);
    out.ms.push(performance.now() - t0);
  }
  return out;
}

export function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0;
}

export interface FloodResult {
  idle: SitesReads;
  busy: SitesReads;
  /** Login answers by status ("error" for a failed connection). */
  counts: Record<string, number>;
  logins: number;
}

/**
 * Reads the sites list `reads` times idle, starts `clients` flooding clients, waits until they
 * have sent 200 logins, reads `reads` times again, stops the flood.
 */
export async function loginFlood(base: string, clients = 64, reads = 40): Promise<FloodResult> {
  await readSites(base, 5);
  const idle = await readSites(base, reads);
  const flood = spawn(process.execPath, ['-e', FLOOD_SCRIPT, base, String(clients)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  flood.stdout.on('data', (d) => {
    out += d;
  });
  const done = new Promise((r) => flood.once('exit', r));
  while (!out.includes('steady')) {
    if (flood.exitCode !== null) throw new Error(`the flood process exited early: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const busy = await readSites(base, reads);
  flood.stdin.end();
  await done;
  const counts = JSON.parse(out.slice(out.indexOf('{'))) as Record<string, number>;
  const logins = Object.values(counts).reduce((a, b) => a + b, 0);
  return { idle, busy, counts, logins };
}
