import { type Request, Router } from 'express';
import type { TilesService } from './tiles.service.ts';

/**
 * `GET /tiles/{layer}/{z}/{x}/{y}.mvt` (204 when empty, ETag + 304) and
 * `GET /tiles/{layer}.json` (TileJSON 3.0). Public data only. `fromPrimary` says which
 * requests read the primary rather than the replica (shared/read-routing.ts).
 */
export function tilesRoutes(
  tiles: TilesService,
  fromPrimary: (req: Request) => boolean = () => true,
): Router {
  const r = Router();

  r.get('/:layer.json', (req, res) => {
    const origin = `${req.protocol}://${req.get('host')}`;
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(tiles.tileJson(String(req.params.layer), origin));
  });

  r.get('/:layer/:z/:x/:y.mvt', async (req, res) => {
    const { layer, z, x, y } = req.params as Record<string, string>;
    const reader = fromPrimary(req) ? 'primary' : 'replica';
    const tile = await tiles.tile(layer, z, x, y, req.query as Record<string, unknown>, reader);
    res.setHeader('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
    if (!tile) {
      res.status(204).end();
      return;
    }
    res.setHeader('ETag', tile.etag);
    if (req.get('if-none-match') === tile.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/vnd.mapbox-vector-tile');
    res.send(Buffer.from(tile.body.buffer, tile.body.byteOffset, tile.body.byteLength));
  });

  return r;
}
