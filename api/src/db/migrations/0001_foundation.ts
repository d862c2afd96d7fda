/**
 * Foundation schema: sites (names of the CNIG SITE-ECO standard where it has them,
 * github.com/cnigfr/schema-sites-economiques; power, gas, water, risk, readiness and provenance
 * fields beyond it), infrastructure, site_access, users, sessions, api_tokens, audit_log.
 * Column names are the storage contract; the HTTP API maps them to camelCase in
 * modules/sites/site.mapping.ts.
 */
import type { Knex } from 'knex';
import { FOLD_PAIRS } from '../../shared/text.ts';

// Accent folding usable in an IMMUTABLE generated column on both engines (unaccent() is not
// immutable, and lower() leaves accented capitals alone under the C locale).
const FOLD_FROM = FOLD_PAIRS.map(([from]) => from).join('');
const FOLD_TO = FOLD_PAIRS.map(([from, to]) => to.repeat([...from].length)).join('');
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
// Built from the constants above only, never from input.
const FOLD_FUNCTION_SQL =
  'CREATE FUNCTION lm_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ ' +
  `SELECT translate(lower(coalesce(t, '')), ${quote(FOLD_FROM)}, ${quote(FOLD_TO)}) $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  await knex.raw(FOLD_FUNCTION_SQL);

  await knex.raw(`
    CREATE TABLE sites (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- SITE-ECO identity and description
      site_id text,
      site_nom text NOT NULL CHECK (length(site_nom) BETWEEN 1 AND 200),
      site_type text,
      site_vocadomi text,
      site_etat text,
      site_description text,
      site_url text,
      site_evol_urba text CHECK (site_evol_urba IN ('extension urbaine', 'renouvellement urbain', 'mixte')),
      site_comm_insee text NOT NULL CHECK (site_comm_insee ~ '^([0-9]{5}|2[AB][0-9]{3})$'),
      site_comm_nom text,
      departement text NOT NULL,
      region text NOT NULL,
      site_epci_siren text CHECK (site_epci_siren ~ '^[0-9]{9}$'),
      site_epci_nom text,
      -- surfaces (ha)
      site_surf_brute double precision CHECK (site_surf_brute >= 0),
      site_surf_utile double precision CHECK (site_surf_utile >= 0),
      site_surf_comm_dispo double precision NOT NULL CHECK (site_surf_comm_dispo >= 0),
      min_lot_ha double precision CHECK (min_lot_ha >= 0),
      max_height_m double precision CHECK (max_height_m >= 0),
      -- commercial status and labels
      status text NOT NULL DEFAULT 'available'
        CHECK (status IN ('available', 'in_preparation', 'under_option', 'taken')),
      labels text[] NOT NULL DEFAULT '{}',
      published boolean NOT NULL DEFAULT false,
      brownfield boolean,
      available_from date,
      price_eur_m2 double precision CHECK (price_eur_m2 >= 0),
      -- SITE-ECO networks (yes/no)
      reseau_electrique boolean,
      reseau_gaz boolean,
      reseau_eau_potable boolean,
      reseau_assainissement boolean,
      reseau_fibre_optique boolean,
      reseau_fret_ferroviaire boolean,
      reseau_fluvial boolean,
      -- energy and water capacities (beyond SITE-ECO)
      power_available_mw double precision CHECK (power_available_mw >= 0),
      power_voltage_kv double precision CHECK (power_voltage_kv >= 0),
      power_substation_name text,
      power_connection_delay_months integer CHECK (power_connection_delay_months >= 0),
      power_statement_date date,
      gas_capacity_mwh_per_day double precision CHECK (gas_capacity_mwh_per_day >= 0),
      water_m3_per_day double precision CHECK (water_m3_per_day >= 0),
      wastewater_m3_per_day double precision CHECK (wastewater_m3_per_day >= 0),
      -- risks and zoning
      ppri_zone text CHECK (ppri_zone IN ('none', 'blue', 'red')),
      pprt_zone text CHECK (pprt_zone IN ('none', 'blue', 'light_red', 'dark_red')),
      natura2000 text CHECK (natura2000 IN ('none', 'adjacent', 'inside')),
      soil_pollution text CHECK (soil_pollution IN ('inexistante', 'peu_probable', 'supposee', 'averee')),
      seveso_neighbour boolean,
      plu_zone text CHECK (plu_zone IN ('U', 'AUc', 'AUs', 'A', 'N')),
      icpe_max_regime text CHECK (icpe_max_regime IN ('NC', 'D', 'DC', 'E', 'A')),
      seveso_allowed text CHECK (seveso_allowed IN ('none', 'lower', 'upper')),
      readiness jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(readiness) = 'array'),
      -- contacts: the commercial contact is public, the owner and negotiated price are not
      contact_name text,
      contact_email text,
      contact_phone text,
      owner_name text,
      owner_contact text,
      negotiated_price_eur_m2 double precision CHECK (negotiated_price_eur_m2 >= 0),
      -- provenance
      source text NOT NULL DEFAULT 'manual',
      source_id text,
      source_url text,
      source_updated_at date,
      data_quality text NOT NULL DEFAULT 'illustrative'
        CHECK (data_quality IN ('sourced', 'estimated', 'illustrative')),
      illustrative_fields text[] NOT NULL DEFAULT '{}',
      provenance_notes text,
      -- geometry: lon/lat for exchange, Lambert-93 for metres and hectares
      geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
      geom_l93 geometry(MultiPolygon, 2154) GENERATED ALWAYS AS (ST_Transform(geom, 2154)) STORED,
      area_ha double precision GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 2154)) / 10000.0) STORED,
      search_text text GENERATED ALWAYS AS (lm_fold(site_nom || ' ' || coalesce(site_comm_nom, '') || ' ' || site_comm_insee)) STORED,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw(
    'CREATE UNIQUE INDEX sites_source_uq ON sites (source, source_id) WHERE source_id IS NOT NULL',
  );
  await knex.raw('CREATE INDEX sites_geom_gix ON sites USING gist (geom)');
  await knex.raw('CREATE INDEX sites_geom_l93_gix ON sites USING gist (geom_l93)');
  await knex.raw('CREATE INDEX sites_search_trgm ON sites USING gin (search_text gin_trgm_ops)');
  await knex.raw('CREATE INDEX sites_labels_gin ON sites USING gin (labels)');
  await knex.raw('CREATE INDEX sites_avail_idx ON sites (site_surf_comm_dispo)');
  await knex.raw('CREATE INDEX sites_region_idx ON sites (region, departement)');
  await knex.raw('CREATE INDEX sites_territory_idx ON sites (site_epci_siren)');

  await knex.raw(`
    CREATE TABLE infrastructure (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('motorway_access', 'rail_freight', 'rail_station', 'port', 'airport', 'substation')),
      name text NOT NULL,
      source text NOT NULL,
      source_id text NOT NULL,
      source_url text,
      voltage_kv double precision CHECK (voltage_kv > 0),
      size_class text CHECK (size_class IN ('large', 'medium', 'small')),
      operator text,
      attrs jsonb NOT NULL DEFAULT '{}'::jsonb,
      geom geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom)),
      geom_l93 geometry(Geometry, 2154) GENERATED ALWAYS AS (ST_Transform(geom, 2154)) STORED,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, source_id)
    )`);
  await knex.raw('CREATE INDEX infrastructure_geom_gix ON infrastructure USING gist (geom)');
  await knex.raw('CREATE INDEX infrastructure_geom_l93_gix ON infrastructure USING gist (geom_l93)');
  await knex.raw('CREATE INDEX infrastructure_kind_idx ON infrastructure (kind)');

  await knex.raw(`
    CREATE TABLE site_access (
      site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('motorway_access', 'rail_freight', 'port', 'airport',
        'substation_63kv', 'substation_225kv', 'substation_400kv')),
      infrastructure_id uuid REFERENCES infrastructure(id) ON DELETE SET NULL,
      name text,
      distance_m double precision NOT NULL CHECK (distance_m >= 0),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (site_id, kind)
    )`);
  await knex.raw('CREATE INDEX site_access_kind_dist_idx ON site_access (kind, distance_m)');
  await knex.raw('CREATE INDEX site_access_infra_idx ON site_access (infrastructure_id)');

  await knex.raw(`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email)),
      name text,
      organisation text,
      password_hash text,
      role text NOT NULL CHECK (role IN ('admin', 'editor', 'staff')),
      territories text[] NOT NULL DEFAULT '{}',
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE UNIQUE INDEX users_email_uq ON users (email)');

  await knex.raw(`
    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
  await knex.raw('CREATE INDEX sessions_user_idx ON sessions (user_id)');

  await knex.raw(`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`);

  await knex.raw(`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      request_id text
    )`);
  await knex.raw('CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at)');
}

export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'audit_log',
    'api_tokens',
    'sessions',
    'users',
    'site_access',
    'infrastructure',
    'sites',
  ]) {
    await knex.raw('DROP TABLE IF EXISTS ??', [t]);
  }
  await knex.raw('DROP FUNCTION IF EXISTS lm_fold(text)');
}
