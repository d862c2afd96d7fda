import { Router } from 'express';
import type { Knex } from 'knex';
import { parseInput } from '../../shared/validation.ts';
import { infrastructureQuerySchema } from './infrastructure.schemas.ts';
import { listInfrastructure } from './infrastructure.store.pg.ts';

/** `GET /api/infrastructure?kind=&bbox=&minVoltageKv=&limit=&offset=` → GeoJSON (public data). */
export function infrastructureRoutes(knex: Knex): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = parseInput(infrastructureQuerySchema, req.query, 'query');
    const { features, numberMatched } = await listInfrastructure(knex, q);
    res.json({ type: 'FeatureCollection', numberMatched, numberReturned: features.length, features });
  });
  return r;
}
