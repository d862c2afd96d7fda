/** `GET /api/territories?siren=a,b`: public names of EPCI/EPT (open data), cached a day. */
import { Router } from 'express';
import { parseInput } from '../../shared/validation.ts';
import { type Territories, territoriesQuerySchema } from './territories.schemas.ts';
import { territoryOf } from './territories.ts';

export function territoriesRoutes(): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const { siren } = parseInput(territoriesQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.json({ territories: siren.map(territoryOf) } satisfies Territories);
  });
  return r;
}
