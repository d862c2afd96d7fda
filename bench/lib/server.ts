/**
 * The real app on a port, in a child process of the bench so the load generator (fetch loop or
 * autocannon) does not share the server's event loop. Started with `npx tsx bench/lib/server.ts`
 * and DATABASE_URL in the environment (BENCH_APP_PORT: its port, default a free one); prints
 * `LISTENING <port>` on stderr when ready, then a `CPU <userMs> <systemMs>` line whenever it receives SIGUSR2 (server CPU per bench step).
 */
import express from 'express';
import { pino } from 'pino';
import { type AppDeps, createApp, createServices } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { openDatabase } from '../../api/src/db/database.ts';
import { tilesRoutes } from '../../api/src/modules/tiles/tiles.routes.ts';

function tilesFirstApp(deps: AppDeps): express.Express {
  const services = createServices(deps);
  const app = express();
  app.disable('x-powered-by');
  app.use('/tiles', tilesRoutes(services.tiles));
  app.use(createApp(deps, services));
  return app;
}

async function main() {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' });
  if (!config.DATABASE_URL) throw new Error('bench server: DATABASE_URL is required');
  // Same logger as production, written to stdout (the bench discards it), so its cost is counted.
  const logger = pino({ level: config.LOG_LEVEL });
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  });
  const deps = { config, db, logger };
  // BENCH_APP_VARIANT=tiles-first (tile experiment, --experiments): the same app, with the tile
  // route mounted ahead of the request logger, helmet, compression and the body parser.
  const app = process.env.BENCH_APP_VARIANT === 'tiles-first' ? tilesFirstApp(deps) : createApp(deps);
  const server = app.listen(Number(process.env.BENCH_APP_PORT ?? 0), '127.0.0.1', () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    process.stderr.write(`LISTENING ${port}\n`);
  });
  server.keepAliveTimeout = 65_000;
  process.on('SIGUSR2', () => {
    const u = process.cpuUsage();
    process.stderr.write(`CPU ${Math.round(u.user / 1000)} ${Math.round(u.system / 1000)}\n`);
  });
  process.on('SIGTERM', () => {
    server.close(() => {
      void db.close().then(() => process.exit(0));
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}

main().catch((err) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
