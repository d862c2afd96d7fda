/**
 * TEST DOUBLE of the sites module's `SiteImportWriter` port (sites/sites.import-writer.ts), for the
 * import module's tests only (never production), so they do not depend on the sites module's
 * implementation (only on its port).
 * It writes the minimum the `sites` table needs with one multi-row upsert per batch;
 * placeholders stand in for what the real writer derives (commune '00000' when none is given,
 * region 'test', département from the INSEE code), and there is no audit.
 */
import type { Knex } from 'knex';
import type { SiteImportRow, SiteImportWriter } from '../../sites/sites.import-writer.ts';

const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset(?::jsonb) AS t(
    name text, insee text, dep text, avail double precision, source text, source_id text,
    published boolean, data_quality text, geom jsonb)
)
INSERT INTO sites AS s (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, source,
                        source_id, published, data_quality, geom)
SELECT name, insee, dep, 'test', avail, source, source_id, published, data_quality,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326))
FROM input
ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE SET
  site_nom = excluded.site_nom, site_comm_insee = excluded.site_comm_insee, departement = excluded.departement,
  site_surf_comm_dispo = excluded.site_surf_comm_dispo, published = excluded.published,
  data_quality = excluded.data_quality, geom = excluded.geom, updated_at = now()
WHERE (s.site_nom, s.site_comm_insee, s.site_surf_comm_dispo, s.published, s.data_quality, s.geom)
  IS DISTINCT FROM (excluded.site_nom, excluded.site_comm_insee, excluded.site_surf_comm_dispo,
                    excluded.published, excluded.data_quality, excluded.geom)
RETURNING s.id, (s.xmax = 0) AS inserted`;

/**
 * Creates the test double.
 * @example await runImport({ knex, siteWriter: createTestSitesImportWriter() }, { format: 'sites-geojson', file })
 */
export function createTestSitesImportWriter(): SiteImportWriter & { calls: number } {
  const writer = {
    calls: 0,
    async upsert(trx: Knex.Transaction, rows: SiteImportRow[]) {
      writer.calls++;
      const payload = rows.map(({ properties: p, geometry }) => {
        const insee = typeof p.communeInsee === 'string' ? p.communeInsee : '00000';
        return {
          name: p.name,
          insee,
          dep: insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2),
          avail: typeof p.availableAreaHa === 'number' ? p.availableAreaHa : 0,
          source: p.source,
          source_id: p.sourceId,
          published: p.published === true,
          data_quality: typeof p.dataQuality === 'string' ? p.dataQuality : 'illustrative',
          geom: geometry,
        };
      });
      const res = await trx.raw<{ rows: Array<{ id: string; inserted: boolean }> }>(UPSERT_SQL, [
        JSON.stringify(payload),
      ]);
      const inserted = res.rows.filter((r) => r.inserted).length;
      return {
        inserted,
        updated: res.rows.length - inserted,
        unchanged: rows.length - res.rows.length,
        ids: res.rows.map((r) => r.id),
      };
    },
  };
  return writer;
}
