import { Router } from 'express';
import type { InfrastructureService } from './infrastructure.service.ts';

/** `GET /api/infrastructure?kind=&bbox=&minVoltageKv=&limit=&offset=` → GeoJSON (public data). */
export function infrastructureRoutes(infrastructure: InfrastructureService): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await infrastructure.list(req.query));
  });
  return r;
}
