#!/usr/bin/env node
/**
 * Starts the server: connect (PostgreSQL when DATABASE_URL is set, else the embedded
 * PGlite under DATA_DIR), migrate, set up the demo, listen on PORT. Stops cleanly on
 * SIGINT / SIGTERM.
 */
import { connect, type DbHandle, migrateToLatest } from '@caseload/db';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { DEFAULT_TIME_ZONE } from '@caseload/clock';
import { createMailer, enableMonthEndBuilds, MailConfigError, type Mailer } from '@caseload/api';
import { startNotifier, type Notifier } from './notifier.ts';
import { bootstrapDemo, DemoAccountsRefused, generateSyntheticDemo, loadSyntheticDemoData } from './demo.ts';
import { startDropFolder } from './dropFolder.ts';
import { EnvError, readEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { isLostDatabaseConnection } from './lostConnection.ts';
import { createMetricsServer } from './metrics.ts';
import { besideStartup, clusterBeside } from './startHooks.ts';
import { warmAllAgencies } from './warm.ts';

/** after SIGTERM, how long /healthz answers 503 before the server stops accepting connections */
const DRAIN_MS = 1_000;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let env: ReturnType<typeof readEnv>;
  try {
    env = readEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }

  const log = (line: string) => process.stderr.write(`${line}\n`);
  // the demo agency is new, so it is in the default time zone
  const demoAsOf = env.clock.today(DEFAULT_TIME_ZONE);
  // `pnpm start` on a new embedded database: its cluster is being created in a worker
  // thread (embeddedCluster.ts), and the demo agency will be loaded into it; its files
  // are generated meanwhile, on this thread
  const creatingCluster = clusterBeside();
  const demoFiles = creatingCluster ? generateSyntheticDemo({ asOf: demoAsOf, log }) : undefined;
  // a failure is reported where the import awaits them
  demoFiles?.catch(() => {});
  // the import removes them; this, when there was no import
  const discardDemoFiles = () => demoFiles?.then((dir) => rm(dir, { recursive: true, force: true })).catch(() => {});

  let handle: DbHandle;
  try {
    if (creatingCluster) await creatingCluster.done;
    handle = await connect({
      databaseUrl: env.databaseUrl,
      readUrl: env.databaseReadUrl,
      dataDir: env.dataDir,
      ...(creatingCluster ? { pgliteWasmModule: creatingCluster.wasmModule } : {}),
      clusters: env.clusters,
      clusterReadUrls: env.clusterReadUrls,
    });
    await migrateToLatest(handle.db);
    // each cluster of CASELOAD_CLUSTERS has the schema too (a move also migrates its target)
    for (const url of env.clusters.values()) {
      const cluster = await connect({ databaseUrl: url, poolMax: 1 });
      try {
        await migrateToLatest(cluster.db);
      } finally {
        await cluster.close();
      }
    }
  } catch (err) {
    await discardDemoFiles();
    const where = env.databaseUrl ? 'the PostgreSQL database in DATABASE_URL' : `the embedded database in ${env.dataDir}`;
    fail(`could not open ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }

  let demo: Awaited<ReturnType<typeof bootstrapDemo>>;
  try {
    demo = await bootstrapDemo(handle.db, {
      embedded: handle.driver === 'pglite',
      allowDemoAccounts: env.allowDemoAccounts,
      loadDemoData: (db, agencyId) =>
        loadSyntheticDemoData(db, agencyId, { asOf: demoAsOf, log, ...(demoFiles ? { generated: demoFiles } : {}) }),
    });
  } catch (err) {
    await discardDemoFiles();
    await handle.close().catch(() => {});
    if (err instanceof DemoAccountsRefused) fail(err.message);
    throw err;
  }

  await discardDemoFiles();

  let mailer: Mailer | null;
  try {
    mailer = createMailer({ smtpUrl: env.smtpUrl, from: env.mailFrom });
  } catch (err) {
    await handle.close().catch(() => {});
    if (err instanceof MailConfigError) fail(err.message);
    throw err;
  }
  let notifier: Notifier | null = null;

  // `pnpm start` builds the dashboard beside the database's start-up: its files must be there
  try {
    await besideStartup();
  } catch (err) {
    await handle.close().catch(() => {});
    fail(err instanceof Error ? err.message : String(err));
  }

  const logger = createLogger(env.logFormat, undefined, env.logLevel);
  const app = await createApp({
    db: handle.db,
    ...(handle.tenancy ? { tenancy: handle.tenancy } : {}),
    clock: env.clock,
    logger,
    trustProxy: env.trustProxy,
    secureCookies: env.secureCookies,
    importLimits: { maxUploadBytes: env.importMaxUploadBytes, maxUncompressedBytes: env.importMaxUncompressedBytes },
    pdf: { chromiumPath: env.chromiumPath },
    ...(env.dashboardDir ? { dashboardDir: env.dashboardDir } : {}),
  });
  // IMPORT_DROP_DIR: deliveries dropped there are imported on arrival or on each agency's schedule
  const drop = env.importDropDir
    ? startDropFolder({
        root: env.importDropDir,
        db: handle.db,
        ...(handle.tenancy ? { tenancy: handle.tenancy } : {}),
        clock: env.clock,
        maxUncompressedBytes: env.importMaxUncompressedBytes,
        logError: (message, error) => logger.error({ err: error }, message),
      })
    : null;
  // Prometheus metrics on their own port (not the public one): METRICS_PORT
  const metricsServer = env.metricsPort === undefined ? null : createMetricsServer(app.metrics);

  // SIGTERM: /healthz answers 503 for a moment (a load balancer stops sending), then no new
  // connections; requests in flight finish, background work (warming) is awaited, then exit.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    notifier?.stop();
    app.draining = true;
    const force = setTimeout(() => process.exit(1), 40_000);
    force.unref();
    setTimeout(() => {
      // requests still running get a moment to finish before their connections close
      setTimeout(() => app.server.closeAllConnections(), 3_000).unref();
      void app
        .close()
        .then(() => drop?.stop())
        .then(() => app.background.settle(30_000))
        .then(() => new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve())))
        .then(() => handle.close())
        .catch(() => {})
        .finally(() => process.exit(0));
    }, DRAIN_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    await app.listen({ port: env.port, host: env.host ?? '::' });
    if (metricsServer) {
      await new Promise<void>((resolve, reject) => {
        metricsServer.once('error', reject);
        metricsServer.listen(env.metricsPort, env.host, resolve);
      });
    }
  } catch (err) {
    await handle.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    fail(
      code === 'EADDRINUSE'
        ? `a port is already in use (PORT ${env.port}, METRICS_PORT ${env.metricsPort ?? '-'}); set another.`
        : String(err),
    );
  }
  {
    const port = (app.server.address() as AddressInfo).port;
    const lines = [`Caseload analytics is running at http://localhost:${port}/`];
    lines.push(env.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded, in ${env.dataDir}`);
    if (metricsServer) lines.push(`Metrics: http://localhost:${(metricsServer.address() as AddressInfo).port}/metrics`);
    if (demo) {
      lines.push(`Demo sign-ins (agency "${demo.agencyId}", password: ${demo.password}):`);
      for (const u of demo.users) lines.push(`  ${u.role.padEnd(16)} ${u.email}`);
    }
    lines.push(
      mailer
        ? 'Email: digests and alerts are sent through SMTP_URL'
        : 'Email: off (SMTP_URL is not set); notifications appear in the product',
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    notifier = startNotifier(handle.db, {
      clock: env.clock,
      mailer,
      publicUrl: env.publicUrl,
      logError: (message, error) => logger.error({ err: error }, message),
    });
    // On PostgreSQL, computes the default views in the background (one at a time) so the
    // first clicks are quick. Not on the embedded database: PGlite runs every query on this
    // thread, so warming would hold up the first page rather than speed it up.
    if (handle.driver === 'pg') {
      const logError = (message: string, error?: unknown) => logger.error({ err: error }, message);
      // a trend finding no month-end figures for the current versions (a command-line
      // import, a settings change) has them built in the background
      enableMonthEndBuilds(handle.db, { clock: env.clock, logError, track: (job) => app.background.track(job) });
      app.background.track(warmAllAgencies(handle.db, { clock: env.clock, logError }));
    }
  }

  // A lost database connection fails the request that needed it, never the process.
  process.on('unhandledRejection', (reason) => {
    const stamp = new Date().toISOString(); // wall-clock: a log line's timestamp
    process.stderr.write(`[${stamp}] unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
  });
  // pg emits 'error' on a client whose connection drops while a query holds it (a
  // database restart mid-request); nothing listens there, so it surfaces here. The
  // query itself has already failed and been answered; the pool drops the client.
  // Anything else is a real bug: log it and exit, as Node would.
  process.on('uncaughtException', (err) => {
    const stamp = new Date().toISOString(); // wall-clock: a log line's timestamp
    if (isLostDatabaseConnection(err)) {
      process.stderr.write(`[${stamp}] database connection lost: ${err.message}\n`);
      return;
    }
    process.stderr.write(`[${stamp}] fatal: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}

await main();
