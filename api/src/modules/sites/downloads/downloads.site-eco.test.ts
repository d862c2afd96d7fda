import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SITE_ECO_COLUMNS, SITE_ECO_MAPPING } from '../../import/formats/site-eco.ts';
import { outcomes, parseWith } from '../../import/test-support/parse.ts';
import type { SiteImportRow } from '../sites.import-writer.ts';
import type { SiteListFeature } from '../sites.schemas.ts';
import { csvLine } from './downloads.csv.ts';
import { SITE_ECO_HEADER, siteEcoRecord } from './downloads.site-eco.ts';

const square = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [7.7, 48.5],
        [7.71, 48.5],
        [7.71, 48.51],
        [7.7, 48.51],
        [7.7, 48.5],
      ],
    ],
  ],
};

const site = (properties: Record<string, unknown>): SiteListFeature => ({
  type: 'Feature',
  id: '0b9c8f1e-8a5e-4c2a-9d51-6f0e6d1c2b3a',
  geometry: square,
  // Only the fields a case needs: the writer reads properties by key.
  properties: properties as SiteListFeature['properties'],
});

async function importText(text: string): Promise<SiteImportRow[]> {
  const { rows, errors } = outcomes(await parseWith('site-eco', { text }));
  expect(errors).toEqual([]);
  return rows.map((r) => r.value as SiteImportRow);
}

const fileOf = (sites: SiteListFeature[]) =>
  csvLine(SITE_ECO_HEADER, false) + sites.map((s) => csvLine(siteEcoRecord(s), false)).join('');

describe('SITE-ECO mapping', () => {
  it('has the 62 columns of schema v1.0.0 in its order, and maps the 23 that are fields of ours (+ parcels)', () => {
    expect(SITE_ECO_COLUMNS).toHaveLength(62);
    expect(SITE_ECO_COLUMNS.slice(0, 3)).toEqual(['site_id', 'pole_id', 'site_nom']);
    expect(SITE_ECO_COLUMNS.at(-1)).toBe('port_dist');
    // Derived from site.fields.ts: a renamed column there shows up here.
    expect(SITE_ECO_MAPPING).toEqual({
      site_id: 'siteEcoId',
      site_nom: 'name',
      site_type: 'siteType',
      site_vocadomi: 'vocation',
      site_etat: 'siteEcoState',
      site_surf_brute: 'grossAreaHa',
      site_surf_utile: 'usefulAreaHa',
      site_actu_date: 'sourceUpdatedAt',
      site_description: 'description',
      site_evol_urba: 'urbanisationType',
      site_url: 'url',
      site_epci_nom: 'territoryName',
      site_epci_siren: 'territorySiren',
      site_comm_nom: 'communeName',
      site_comm_insee: 'communeInsee',
      site_surf_comm_dispo: 'availableAreaHa',
      reseau_eau_potable: 'drinkingWater',
      reseau_assainissement: 'sewerage',
      reseau_gaz: 'gas',
      reseau_electrique: 'electricity',
      reseau_fibre_optique: 'fibre',
      reseau_fret_ferroviaire: 'railSiding',
      reseau_fluvial: 'quay',
      // After the standard's columns: TERRAIN-ECO's parcel list.
      terr_refcad: 'parcels',
    });
  });
});

describe('siteEcoRecord', () => {
  it('writes oui/non, decimal points, GeoJSON outline and centroid, our id when the site has no SITE-ECO id', () => {
    const rec = siteEcoRecord(
      site({
        name: 'ZA "Les Forges", lot 2',
        communeInsee: '67482',
        availableAreaHa: 12.5,
        railSiding: true,
        quay: false,
        gas: null,
        ownerName: 'never exported',
      }),
    );
    const cell = (c: string) => rec[SITE_ECO_COLUMNS.indexOf(c as (typeof SITE_ECO_COLUMNS)[number])];
    expect(rec).toHaveLength(63);
    expect(cell('site_id')).toBe('0b9c8f1e-8a5e-4c2a-9d51-6f0e6d1c2b3a');
    expect(cell('site_surf_comm_dispo')).toBe(12.5);
    expect(cell('reseau_fret_ferroviaire')).toBe('oui');
    expect(cell('reseau_fluvial')).toBe('non');
    expect(cell('reseau_gaz')).toBeNull();
    expect(JSON.parse(String(cell('site_geomsurf')))).toEqual(square);
    expect(cell('site_geompoint')).toBe('7.705, 48.505');
    expect(cell('gare_fret_dist')).toBeNull();
    expect(rec.map(String).join(' ')).not.toContain('never exported');
  });

  it('imports back through the site-eco importer with every mapped field unchanged', async () => {
    const props = {
      siteEcoId: '67482_SITE-ECO_00007',
      name: 'ZA "Les Forges", lot 2',
      siteType: "zone d'activité économique",
      vocation: 'entrepôts, logistique',
      siteEcoState: 'existant et actif',
      grossAreaHa: 37.2,
      usefulAreaHa: 35.3,
      availableAreaHa: 0.1 + 0.2,
      sourceUpdatedAt: '2025-11-30',
      description: 'Deux lignes :\nune, "deux"',
      urbanisationType: 'renouvellement urbain',
      url: 'https://example.fr/za?x=1,2',
      territoryName: 'Eurométropole de Strasbourg',
      territorySiren: '246700488',
      communeName: 'Strasbourg',
      communeInsee: '67482',
      electricity: true,
      gas: false,
      drinkingWater: true,
      sewerage: false,
      fibre: true,
      railSiding: true,
      quay: false,
      parcels: [
        { commune: '67482', prefixe: '000', section: 'AB', numero: '0123' },
        { commune: '2A004', prefixe: '001', section: '0C', numero: '0007' },
      ],
    };
    expect(siteEcoRecord(site(props)).at(-1)).toBe('67482000AB0123|2A004001' + '0C0007');
    const [row] = await importText(fileOf([site(props)]));
    for (const key of Object.values(SITE_ECO_MAPPING))
      expect(row.properties[key]).toEqual(props[key as keyof typeof props]);
    expect(row.geometry).toEqual(square);
  });

  it('gives back the columns the importer kept in provenanceNotes (SITE-ECO → landmatch → SITE-ECO)', async () => {
    const header = SITE_ECO_COLUMNS.join(',');
    const values: Record<string, string> = {
      site_id: 'S-1',
      pole_id: '80024_POLE-ECO_00162',
      site_nom: 'ZAC Les Bornes du Temps',
      site_creation_date: '2015',
      site_identif_date: '2016-03-26',
      source_producteur: 'DDT de la Somme',
      site_quali_territoire: 'Site clé en main',
      site_moa_type: 'epci',
      site_moa_nom: 'Citadys',
      site_moa_amngt: 'SA Somme Aménagement Construction',
      site_moa_comm: 'CommUrbanys',
      site_comm_insee: '80024',
      site_geomsurf: JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [2.36, 49.9],
            [2.37, 49.9],
            [2.37, 49.91],
            [2.36, 49.9],
          ],
        ],
      }),
    };
    const line = csvLine(
      SITE_ECO_COLUMNS.map((c) => values[c] ?? ''),
      false,
    );
    const [row] = await importText(`${header}\r\n${line}`);
    const written = siteEcoRecord({ ...site(row.properties), geometry: row.geometry });
    const [back] = parse(csvLine(written, false), { columns: [...SITE_ECO_HEADER] }) as Record<
      string,
      string
    >[];
    for (const [c, v] of Object.entries(values)) {
      if (c === 'site_geomsurf') continue;
      expect({ [c]: back[c] }).toEqual({ [c]: v });
    }
  });
});
