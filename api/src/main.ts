/**
 * Starts the process: config → database (server or embedded) → migrations → demo seed on an
 * empty embedded database → HTTP. SIGTERM/SIGINT drain in-flight requests before closing.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { createApp, createServices } from './app.ts';
import { loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateLatest } from './db/migrate.ts';
import { DEMO_USERS, seedDemoData } from './db/seed.ts';

async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const t0 = Date.now();
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    readDatabaseUrl: config.READ_DATABASE_URL,
    onIgnoredReadUrl: (reason) => logger.warn(reason),
    dataDir: config.DATA_DIR,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    onConnectionError: (err) =>
      logger.warn({ code: err.code, err: err.message }, 'database connection lost; it will be replaced'),
    // Each request failing during an outage already logs its 503; knex's copy is detail.
    onDriverWarning: (message) => logger.debug({ knex: message.split('\n')[0] }, 'database driver warning'),
    onFrozen: (info) =>
      logger.error(
        info,
        'the database stopped answering (no reply to a probe): in-flight queries cut, 503s until it answers',
      ),
  });
  logger.info(
    {
      engine: db.engine,
      postgis: db.capabilities.postgisVersion,
      mvt: db.capabilities.mvt,
      readReplica: db.replica,
      ms: Date.now() - t0,
    },
    db.engine === 'embedded' ? `embedded PostGIS opened in ${config.DATA_DIR}` : 'connected to PostgreSQL',
  );
  const applied = await migrateLatest(db.knex);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  if (db.engine === 'embedded' && config.SEED_DEMO) {
    const { n } = (await db.knex('sites').count({ n: '*' }).first()) as { n: number };
    if (Number(n) === 0) {
      const report = await seedDemoData(db.knex, { users: true });
      logger.info(report, 'demo data seeded into the empty embedded database');
    }
  }
  const demo = await demoAccountsPresent(db);
  const host = config.HOST ?? (demo.length ? '127.0.0.1' : '0.0.0.0');
  if (demo.length) {
    const lines = DEMO_USERS.filter((u) => demo.includes(u.email)).map(
      (u) => `  ${u.role.padEnd(7)} ${u.email} / ${u.password}`,
    );
    logger.info(`demo accounts:\n${lines.join('\n')}`);
    logger.warn(
      { host, demoAccounts: demo },
      config.HOST
        ? `demo accounts with published passwords exist and HOST=${config.HOST}: anyone who reaches this address can log in as them; delete them (or use a fresh DATA_DIR) before exposing the service`
        : 'demo accounts with published passwords exist: listening on 127.0.0.1 only; set HOST (e.g. HOST=0.0.0.0) to listen on the network once they are deleted',
    );
  }

  const services = createServices({ config, db, logger });
  const app = createApp({ config, db, logger }, services);
  // Expired sessions and ended login budgets: at start, then hourly.
  const purge = () =>
    services.auth
      .purgeExpired()
      .then((n) =>
        n.sessions || n.budgets ? logger.info(n, 'purged expired sessions and login budgets') : undefined,
      )
      .catch((err) => logger.warn({ err: (err as Error).message }, 'purging expired sessions failed'));
  void purge();
  setInterval(purge, 3600_000).unref();
  const server = app.listen(config.PORT, host, () => {
    // PORT=0 picks a free port: log the one actually bound.
    const { port, address } = server.address() as AddressInfo;
    logger.info(
      { ms: Date.now() - t0, port, host: address },
      `landmatch listening on http://localhost:${port}`,
    );
  });
  server.keepAliveTimeout = 65_000;
  // Off the request path: the first PDF export would otherwise pay for font parsing.
  setTimeout(() => {
    import('./modules/projects/pdf/warm-up.ts')
      .then((m) => m.warmUpPdfRenderer())
      .then((ms) => logger.debug({ ms }, 'PDF renderer warmed up'))
      .catch((err) => logger.warn({ err }, 'PDF renderer warm-up failed'));
  }, 1000).unref();
  drainOnSignals(server, db, logger);
}

/** Emails of the demo accounts (published passwords) present in the database. */
async function demoAccountsPresent(db: Database): Promise<string[]> {
  const rows = await db
    .knex('users')
    .whereIn(
      'email',
      DEMO_USERS.map((u) => u.email),
    )
    .where('disabled', false)
    .select('email');
  return rows.map((r: { email: string }) => r.email);
}

/** Longest a drain may take before the process gives up on stragglers (exit code 1). */
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close the
 * database, exit 0. Keep-alive sockets would hold `server.close()` open until their 65 s
 * timeout (longer than DRAIN_TIMEOUT_MS), so responses finishing during the drain say
 * `Connection: close` and idle sockets are closed as soon as they become idle.
 */
function drainOnSignals(server: Server, db: Database, logger: Logger): void {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_req, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
  });
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, inFlight: inFlight.size }, 'shutting down: draining requests');
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(async () => {
      clearInterval(sweep);
      await db.close();
      logger.info('bye');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.error({ inFlight: inFlight.size }, 'drain timed out; exiting');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
