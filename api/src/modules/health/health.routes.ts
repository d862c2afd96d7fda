import { Router } from 'express';
import type { Database } from '../../db/database.ts';
import { DISK_FULL_MEMORY_MS, storageState } from '../../shared/http.ts';
import { cadastreOverlay, clientBasemaps } from './basemaps.ts';
import type { ClientConfig, Health } from './health.schemas.ts';

/**
 * How long the health probe waits for `select 1`. Shorter than the pool's connect and acquire
 * timeouts, so a load balancer polling it gets its 503 in bounded time even when the server
 * does not answer at all, and shorter than the usual 5 s probe timeout of orchestrators.
 */
export const HEALTH_DB_TIMEOUT_MS = 2000;

/**
 * `GET /api/health` → `{ status, database, postgis }` (contract; `status: 'degraded'` with
 * `reason: 'disk_full'` for 5 minutes after a write failed for lack of disk space); 503 with `Retry-After` when the
 * database is unreachable or does not answer within HEALTH_DB_TIMEOUT_MS (`reason` says which).
 */
export function healthRoutes(db: Database, timeoutMs = HEALTH_DB_TIMEOUT_MS): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const t0 = performance.now();
    const probe = await pingDatabase(db, timeoutMs);
    const dbMs = Math.round(performance.now() - t0);
    res.setHeader('Cache-Control', 'no-store');
    if (probe === 'ok') {
      // Reads still work when the disk is full: 200, but say writes are failing.
      const diskFull = Date.now() - storageState.diskFullAt < DISK_FULL_MEMORY_MS;
      res.json({
        status: diskFull ? 'degraded' : 'ok',
        ...(diskFull
          ? { reason: 'disk_full', diskFullAt: new Date(storageState.diskFullAt).toISOString() }
          : {}),
        database: db.engine,
        postgis: db.capabilities.postgisVersion,
        capabilities: { mvt: db.capabilities.mvt },
        dbMs,
      } satisfies Health);
      return;
    }
    res.setHeader('Retry-After', '2');
    res.status(503).json({
      status: 'unavailable',
      database: db.engine,
      postgis: db.capabilities.postgisVersion,
      reason: probe,
      dbMs,
    } satisfies Health);
  });
  return r;
}

/** `GET /api/config`: what the map UI reads at start-up (basemaps, engine). */
export function clientConfigRoutes(config: Parameters<typeof clientBasemaps>[0], db: Database): Router {
  const r = Router();
  const body: ClientConfig = {
    basemapStyleUrl: config.BASEMAP_STYLE_URL || null,
    engine: db.engine,
    basemaps: clientBasemaps(config),
    cadastre: cadastreOverlay(config),
  };
  r.get('/', (_req, res) => {
    res.json(body);
  });
  return r;
}

/** `select 1` within `timeoutMs`: 'ok', 'timeout', or 'unreachable' (the query failed). */
async function pingDatabase(db: Database, timeoutMs: number): Promise<'ok' | 'timeout' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const ping = db.knex.raw('select 1').then(
    () => 'ok' as const,
    () => 'unreachable' as const,
  );
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    // The losing ping settles later on its own (acquire/connect timeouts); it is already caught.
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
