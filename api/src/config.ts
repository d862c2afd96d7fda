/**
 * The only reader of `process.env`. Every key is parsed once, at start-up, with a default and a
 * one-line meaning; `README.md`'s configuration table is this list. A bad value stops the process
 * with a message naming the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_REFRESH_MONTHS } from './modules/sites/site.freshness.ts';

/**
 * The directory holding package.json, geodata/ and node_modules: the nearest one above this
 * module, which is `api/src/config.ts` under tsx and tests, or a bundle of `dist/` (or of a
 * build directory) in production (scripts/build.mjs).
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../..');
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The basemaps the map UI knows (BASEMAPS). */
export const BASEMAP_IDS = ['offline', 'plan-ign', 'ortho-ign', 'osm', 'custom'] as const;
export type BasemapId = (typeof BASEMAP_IDS)[number];

/** An absolute http(s) URL (templates with {z}/{x}/{y} placeholders allowed). */
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an absolute http(s) URL');

const schema = z.object({
  /** PostgreSQL/PostGIS connection string. Unset: the embedded PostGIS (PGlite) in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * A streaming replica of DATABASE_URL (hot standby) for read-only traffic: tiles, anonymous
   * site lists, sheets and downloads, OGC, anonymous match candidates. Signed-in callers and
   * every write stay on the primary (docs/scaling.md). Ignored, with a log line, by the
   * embedded engine.
   */
  READ_DATABASE_URL: z.string().url().optional(),
  /** Directory of the embedded database (ignored when DATABASE_URL is set). */
  DATA_DIR: z.string().default(path.join(projectRoot, '.data', 'pglite')),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Interface to listen on. Unset: 0.0.0.0, except while demo accounts exist (127.0.0.1, with a
   * warning), so the published demo passwords are never reachable from the network by default.
   */
  HOST: z.string().optional(),
  /**
   * The URL users reach the service at (`https://landmatch.example.fr`). An https URL turns on
   * HSTS, `upgrade-insecure-requests` and the Secure cookie; unset or http: none of them.
   */
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Which peers are reverse proxies whose X-Forwarded-For / X-Forwarded-Proto / X-Request-Id are
   * believed: empty (default) trusts none; `loopback`, `uniquelocal`, addresses or CIDRs
   * (comma-separated), or a hop count (`1`). Express's `trust proxy` setting.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]*$/, 'expected loopback, uniquelocal, addresses/CIDRs or a hop count')
    .default(''),
  /** Size of the pg pool (server engine only; the embedded engine has one connection). */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Per-statement timeout in ms (server engine) so one heavy request cannot starve the pool. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  /** Seed the demo sites, infrastructure and demo users into an empty embedded database. */
  SEED_DEMO: bool.default(true),
  /** Session lifetime in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Set the Secure flag on the session cookie (turn on behind HTTPS). */
  COOKIE_SECURE: bool.default(false),
  /** Failed logins allowed per email+IP per 15 minutes. */
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** Failed logins allowed per client IP (any email) per 15 minutes; counted before hashing. */
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Password hashes running or waiting at once; beyond it logins get 429 + Retry-After. */
  LOGIN_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).default(8),
  /** Worker threads that hash passwords (off the libuv pool that also gzips responses). */
  PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  /** Lifetime of new personal API tokens, in days. */
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Anonymous POST /api/match requests allowed per IP per minute. */
  MATCH_ANON_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Requests from the public lead form (POST /api/leads) allowed per IP per hour. */
  LEADS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** Match results kept per process (MB), valid until the sites or their access change; 0: off. */
  MATCH_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  /** Seconds a visitor must spend on the lead form before a request is kept (faster: a robot). */
  LEAD_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(3),
  /** Maximum JSON body size. */
  BODY_LIMIT: z.string().default('2mb'),
  /** Maximum import upload size in bytes. */
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1024 * 1024),
  /** Largest photo or document of a site, in bytes (at most 10 MB, the table's own limit). */
  DOCUMENT_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Default threshold of the editors' "to refresh" list: facts older than this many months. */
  REFRESH_MONTHS: z.coerce.number().int().min(1).max(240).default(DEFAULT_REFRESH_MONTHS),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Basemaps offered by the map's switcher, comma-separated, the first one shown by default:
   * `offline` (always offered, needs no network), `plan-ign`, `ortho-ign`, `osm`, `custom`
   * (BASEMAP_STYLE_URL). Default `offline`: tests, CI and the embedded demo never reach the
   * network unless a deployment turns online basemaps on.
   */
  BASEMAPS: z
    .string()
    .default('offline')
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.enum(BASEMAP_IDS, { error: `must be a comma-separated list of ${BASEMAP_IDS.join(', ')}` }))
        .min(1),
    ),
  /** Plan IGN vector style (IGN Géoplateforme, open data, no key). */
  BASEMAP_PLAN_IGN_STYLE_URL: httpUrl.default(
    'https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json',
  ),
  /** IGN orthophotos: WMTS GetTile template in Web Mercator (PM) with {z}/{x}/{y}. */
  BASEMAP_ORTHO_TILES_URL: httpUrl.default(
    'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
  ),
  /** Cadastral parcels (PCI, Parcellaire Express) drawn over online basemaps from z15; `off` for none. */
  BASEMAP_CADASTRE_TILES_URL: httpUrl
    .or(z.literal('off'))
    .default(
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=CADASTRALPARCELS.PARCELLAIRE_EXPRESS&STYLE=PCI%20vecteur&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    ),
  /** OpenStreetMap-based vector style (OpenFreeMap "liberty", no key). */
  BASEMAP_OSM_STYLE_URL: httpUrl.default('https://tiles.openfreemap.org/styles/liberty'),
  /** Any other MapLibre style (`custom` in BASEMAPS); set alone, it is offered first, as before. */
  BASEMAP_STYLE_URL: httpUrl.or(z.literal('')).default(''),
  /** Directory of the built map UI. */
  UI_DIST: z.string().default(path.join(projectRoot, 'map-ui', 'dist')),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
