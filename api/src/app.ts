/**
 * Builds the Express application from its dependencies, without listening, so tests run it
 * in-process (port 0) and main.ts runs it for real.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { knexTransactor } from './db/transaction.ts';
import { AccessService } from './modules/access/access.service.ts';
import { authenticate, csrfProtect } from './modules/auth/auth.middleware.ts';
import { authRoutes, refuseLoginFlood } from './modules/auth/auth.routes.ts';
import { AuthService, SESSION_COOKIE } from './modules/auth/auth.service.ts';
import { PgAuthStore } from './modules/auth/auth.store.pg.ts';
import { clientConfigRoutes, healthRoutes } from './modules/health/health.routes.ts';
import { importReviewRoutes } from './modules/import/import.review.routes.ts';
import { importRoutes } from './modules/import/import.routes.ts';
import { ImportService } from './modules/import/import.service.ts';
import { infrastructureRoutes } from './modules/infrastructure/infrastructure.routes.ts';
import { InfrastructureService } from './modules/infrastructure/infrastructure.service.ts';
import { leadsRoutes } from './modules/leads/leads.routes.ts';
import { LeadsService } from './modules/leads/leads.service.ts';
import { PgLeadsStore } from './modules/leads/leads.store.pg.ts';
import { matchingRoutes } from './modules/matching/matching.routes.ts';
import { MatchingService } from './modules/matching/matching.service.ts';
import { ogcRoutes } from './modules/ogc/ogc.routes.ts';
import { openapiRoutes } from './modules/openapi/openapi.routes.ts';
import {
  observatoryRoutes,
  type ProjectsModule,
  projectsRoutes,
} from './modules/projects/projects.routes.ts';
import { ProjectsService } from './modules/projects/projects.service.ts';
import { PgProjectsStore } from './modules/projects/projects.store.pg.ts';
import { ShortlistExports } from './modules/projects/shortlist.exports.service.ts';
import { ShortlistService } from './modules/projects/shortlist.service.ts';
import { isochroneRoutes } from './modules/roads/isochrone.routes.ts';
import { siteDocumentRoutes } from './modules/sites/documents/documents.routes.ts';
import { SiteDocumentsService } from './modules/sites/documents/documents.service.ts';
import { PgSiteDocumentsStore } from './modules/sites/documents/documents.store.pg.ts';
import { siteDownloadRoutes } from './modules/sites/downloads/downloads.routes.ts';
import { freshnessRoutes } from './modules/sites/freshness/freshness.routes.ts';
import { FreshnessService } from './modules/sites/freshness/freshness.service.ts';
import { PgFreshnessStore } from './modules/sites/freshness/freshness.store.pg.ts';
import { siteSheetRoutes } from './modules/sites/sheet/site-sheet.routes.ts';
import { SiteSheetService } from './modules/sites/sheet/site-sheet.service.ts';
import { sitesRoutes } from './modules/sites/sites.routes.ts';
import { SitesService } from './modules/sites/sites.service.ts';
import { PgSitesStore } from './modules/sites/sites.store.pg.ts';
import { territoriesRoutes } from './modules/territories/territories.routes.ts';
import { JsGeojsonVtEncoder, PostgisMvtEncoder } from './modules/tiles/tiles.encoder.pg.ts';
import { tilesRoutes } from './modules/tiles/tiles.routes.ts';
import { TILE_CACHE_BYTES, TilesService } from './modules/tiles/tiles.service.ts';
import { errorHandler, notFoundHandler } from './shared/http.ts';
import { createRateLimits, type RateLimits } from './shared/rate-limit.ts';
import { carriesCredentials } from './shared/read-routing.ts';
import {
  helmetOptions,
  privateByCaller,
  publicReadCors,
  trustProxySetting,
} from './shared/security-headers.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
}

export interface AppServices {
  auth: AuthService;
  access: AccessService;
  sites: SitesService;
  siteDocuments: SiteDocumentsService;
  freshness: FreshnessService;
  tiles: TilesService;
  matching: MatchingService;
  projects: ProjectsModule;
  imports: ImportService;
  infrastructure: InfrastructureService;
  /** Requests from the public lead form (issue 13 item 9). */
  leads: LeadsService;
  /** The public one-page sheet of a site (issue 13 item 10). */
  siteSheets: SiteSheetService;
  /**
   * The services anonymous reads use, over `db.read` (the replica of READ_DATABASE_URL); the
   * same objects as above when there is none (shared/read-routing.ts has the rule).
   */
  replica: ReplicaServices;
  /** Request budgets: in PostgreSQL on the server engine (shared by instances), else in memory. */
  limits: RateLimits;
}

export interface ReplicaServices {
  sites: SitesService;
  matching: MatchingService;
  infrastructure: InfrastructureService;
}

export function createServices({ config, db }: AppDeps): AppServices {
  const auth = new AuthService(new PgAuthStore(db.knex), config);
  const access = new AccessService(db.knex, db.engine === 'postgis' ? 2 : 1);
  const sitesStore = new PgSitesStore(db.knex);
  const sites = new SitesService(knexTransactor(db.knex), sitesStore, access.onSiteChanged);
  const siteDocuments = new SiteDocumentsService(
    knexTransactor(db.knex),
    sitesStore,
    new PgSiteDocumentsStore(db.knex),
  );
  const freshness = new FreshnessService(new PgFreshnessStore(db.knex), config.REFRESH_MONTHS);
  // Capability detected once at start-up: the embedded PostGIS has no ST_AsMVT.
  const encoderOn = (knex: typeof db.knex) =>
    db.capabilities.mvt ? new PostgisMvtEncoder(knex) : new JsGeojsonVtEncoder(knex);
  const tiles = new TilesService(
    encoderOn(db.knex),
    TILE_CACHE_BYTES,
    db.replica ? encoderOn(db.read) : undefined,
  );
  const matchCache = { cacheBytes: config.MATCH_CACHE_MB * 1024 * 1024 };
  const matching = new MatchingService(db.knex, matchCache);
  const projectsStore = new PgProjectsStore(db.knex);
  const transactions = knexTransactor(db.knex);
  const projects: ProjectsModule = {
    projects: new ProjectsService(transactions, projectsStore),
    shortlists: new ShortlistService(transactions, projectsStore),
    exports: new ShortlistExports(projectsStore),
  };
  const imports = new ImportService(db.knex, access);
  const infrastructure = new InfrastructureService(db.knex);
  const replica: ReplicaServices = db.replica
    ? {
        sites: new SitesService(knexTransactor(db.read), new PgSitesStore(db.read), access.onSiteChanged),
        matching: new MatchingService(db.read, matchCache),
        infrastructure: new InfrastructureService(db.read),
      }
    : { sites, matching, infrastructure };
  const limits = createRateLimits(db.engine, db.knex);
  const leads = new LeadsService(transactions, new PgLeadsStore(db.knex), sites, projects.projects, {
    minFillSeconds: config.LEAD_MIN_FILL_SECONDS,
  });
  const siteSheets = new SiteSheetService(sites, projectsStore, { publicUrl: config.PUBLIC_URL });
  return {
    auth,
    access,
    sites,
    siteDocuments,
    freshness,
    tiles,
    matching,
    projects,
    imports,
    infrastructure,
    leads,
    siteSheets,
    replica,
    limits,
  };
}

export function createApp(deps: AppDeps, services: AppServices = createServices(deps)): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers are believed from configured proxies only (TRUST_PROXY; default none).
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  const trustedPeer = app.get('trust proxy fn') as (addr: string | undefined, i: number) => boolean;
  app.set('query parser', 'simple');

  app.post('/api/auth/login', refuseLoginFlood(services.auth, logger));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        // A caller could otherwise plant ids in the logs: only a trusted proxy's id is kept.
        const incoming = trustedPeer(req.socket.remoteAddress, 0) ? req.headers['x-request-id'] : undefined;
        const id =
          typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Anonymous match bodies are never logged (investors look before they talk): no bodies at all.
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }) },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/tiles/') },
    }),
  );
  app.use(helmet(helmetOptions(config)));
  // Tiles are already small protobufs; everything else (JSON, the UI bundle) is compressed.
  app.use(
    compression({ filter: (req, res) => !req.path.startsWith('/tiles/') && compression.filter(req, res) }),
  );
  app.use(express.json({ limit: config.BODY_LIMIT, type: ['application/json', 'application/geo+json'] }));

  const api = express.Router();
  api.use(privateByCaller);
  // Public reads for third-party pages: the sites list, sheets and downloads (published only
  // for anonymous callers).
  api.use(['/sites', '/sites.geojson', '/sites.csv', '/sites.site-eco.csv'], publicReadCors);
  api.use(authenticate(services.auth));
  api.use(csrfProtect);
  api.use('/health', healthRoutes(deps.db));
  api.use('/auth', authRoutes(services.auth, config));
  // /api/openapi.json, /api/docs
  api.use(openapiRoutes());
  // /api/sites.geojson, /api/sites.csv, /api/sites.site-eco.csv: siblings of /api/sites.
  api.use(siteDownloadRoutes(services.sites, services.replica.sites));
  // Issue 12: /api/sites/to-refresh and /api/sites/:id/documents, before /api/sites/:id.
  api.use('/sites', freshnessRoutes(services.freshness));
  api.use('/sites', siteSheetRoutes(services.siteSheets));
  api.use('/sites', siteDocumentRoutes(services.siteDocuments, config.DOCUMENT_LIMIT_BYTES));
  api.use('/sites', sitesRoutes(services.sites, services.replica.sites));
  const anonymousPerMinute = (name: string) => services.limits(name, config.MATCH_ANON_PER_MINUTE, 60_000);
  api.use(
    '/match',
    matchingRoutes(services.matching, anonymousPerMinute('match'), services.replica.matching),
  );
  api.use('/projects', projectsRoutes(services.projects, services.matching));
  // Mounted on /api itself: /observatory and /observatory.csv are sibling paths.
  api.use(observatoryRoutes(services.projects.projects));
  api.use('/import', importRoutes(services.imports, config.UPLOAD_LIMIT_BYTES));
  api.use('/imports', importReviewRoutes(services.imports, config.UPLOAD_LIMIT_BYTES));
  api.use('/infrastructure', infrastructureRoutes(services.infrastructure));
  api.use('/territories', territoriesRoutes());
  api.use('/leads', leadsRoutes(services.leads, services.limits('lead', config.LEADS_PER_HOUR, 3_600_000)));
  api.use('/isochrone', isochroneRoutes(deps.db.knex, anonymousPerMinute('isochrone')));
  api.use('/config', clientConfigRoutes(config, deps.db));
  api.use(notFoundHandler);
  app.use('/api', api);

  // Tiles are public and unauthenticated: a request with credentials reads the primary.
  app.use(
    '/tiles',
    publicReadCors,
    tilesRoutes(services.tiles, (req) => carriesCredentials(req, SESSION_COOKIE)),
  );
  // Public data for anyone; a logged-in session or API token also sees what its role may see.
  app.use(
    '/ogc',
    privateByCaller,
    publicReadCors,
    authenticate(services.auth),
    ogcRoutes({
      db: deps.db,
      sites: services.sites,
      infrastructure: services.infrastructure,
      replica: deps.db.replica ? services.replica : undefined,
    }),
  );

  serveUi(app, config.UI_DIST);
  app.use(notFoundHandler);
  app.use(errorHandler(logger, (req: Request) => (req.path.startsWith('/ogc') ? 'ogc' : 'default')));
  return app;
}

/** The built map UI, with index.html as the fallback for client-side routes. */
function serveUi(app: Express, dist: string): void {
  const index = path.join(dist, 'index.html');
  // Vite's hashed file names make /assets/* safe to cache for a year.
  app.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
  );
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api\/|tiles\/|ogc).*/, (_req, res, next) => {
    if (!fs.existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
