/**
 * Starts the process: config → database (server or embedded) → migrations → demo seed on an
 * empty embedded database → HTTP. SIGTERM/SIGINT drain in-flight requests before closing.
 */
import { pino } from 'pino';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateLatest } from './db/migrate.ts';
import { DEMO_USERS, seedDemoData } from './db/seed.ts';

async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const t0 = Date.now();
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  });
  logger.info(
    {
      engine: db.engine,
      postgis: db.capabilities.postgisVersion,
      mvt: db.capabilities.mvt,
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
    const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(7)} ${u.email} / ${u.password}`);
    logger.info(`demo accounts (embedded engine only):\n${lines.join('\n')}`);
  }

  const app = createApp({ config, db, logger });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ ms: Date.now() - t0 }, `landmatch listening on http://localhost:${config.PORT}`);
  });
  server.keepAliveTimeout = 65_000;
  // Off the request path: the first PDF export would otherwise pay for font parsing.
  setTimeout(() => {
    import('./modules/export/pdf/warm-up.ts')
      .then((m) => m.warmUpPdfRenderer())
      .then((ms) => logger.debug({ ms }, 'PDF renderer warmed up'))
      .catch((err) => logger.warn({ err }, 'PDF renderer warm-up failed'));
  }, 1000).unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: draining requests');
    server.close(async () => {
      await db.close();
      logger.info('bye');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
