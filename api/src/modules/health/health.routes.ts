import { Router } from 'express';
import type { Database } from '../../db/database.ts';

/** `GET /api/health` → `{ status, database, postgis }` (contract); 503 when the database is unreachable. */
export function healthRoutes(db: Database): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    try {
      await db.knex.raw('select 1');
      res.json({
        status: 'ok',
        database: db.engine,
        postgis: db.capabilities.postgisVersion,
        capabilities: { mvt: db.capabilities.mvt },
      });
    } catch {
      res
        .status(503)
        .json({ status: 'unavailable', database: db.engine, postgis: db.capabilities.postgisVersion });
    }
  });
  return r;
}
