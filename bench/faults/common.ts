/**
 * What every fault scenario (bench/faults/<letter>-*.ts) returns and the helpers several of them use.
 */
import pg from 'pg';
import type { Sample } from '../lib/load-driver.ts';

export interface Check {
  check: string;
  expected: string;
  measured: string;
  pass: boolean;
}

export interface Scenario {
  id: string;
  title: string;
  checks: Check[];
  data: Record<string, unknown>;
  error?: string;
}

export type Log = (line: string) => void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export function statusCounts(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}

export const fmtCounts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ') || 'none';

/** Site `i` of a grid of small squares (0.002° a side) in Limay (78335), as `POST /api/sites` and the import take it. */
export function siteFeature(i: number) {
  const lon = 1.7 + (i % 20) * 0.003;
  const lat = 48.98 + Math.floor(i / 20) * 0.003;
  const d = 0.002;
  return {
    type: 'Feature',
    properties: {
      name: `Fault-run site ${i}`,
      communeInsee: '78335',
      communeName: 'Limay',
      published: true,
      source: 'faults',
      dataQuality: 'illustrative',
    },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + d, lat],
          [lon + d, lat + d],
          [lon, lat + d],
          [lon, lat],
        ],
      ],
    },
  };
}
