/**
 * The server under test, in its own process so the load generator does not share
 * its event loop: createApp (apps/server) against the database named in argv[2], on
 * an ephemeral port of 127.0.0.1, with background month-end builds as main.ts enables them. Prints {"port": N} on stdout once listening; stops
 * on SIGTERM or when its parent goes away. With argv[4], a hot standby (or pgpool-II) of the
 * BENCH_DATABASE_URL server (BENCH_DATABASE_READ_URL), the requests' figures are read from the
 * standby (DATABASE_READ_URL); main.ts runs one server of each kind side by side.
 */
import type { AddressInfo } from 'node:net';
import { enableMonthEndBuilds } from '@caseload/api';
import { createClock } from '@caseload/clock';
import { connect } from '@caseload/db';
import { createApp } from '@caseload/server';

const databaseUrl = process.argv[2];
// the bench's today, pinned so the server and the load generator agree on it
const today = process.argv[3];
if (!databaseUrl || !today) {
  process.stderr.write('usage: server.ts postgres://… YYYY-MM-DD\n');
  process.exit(2);
}
// a hot standby (or pgpool-II) of the BENCH_DATABASE_URL server; the figures of each request
// are read from its copy of the bench database once it has caught up
const readServer = process.argv[4];
const readUrl = readServer ? Object.assign(new URL(readServer), { pathname: new URL(databaseUrl).pathname }).toString() : undefined;
const handle = await connect({ databaseUrl, readUrl });
const clock = createClock({ today });
// no per-user rate limits: 20 synthetic users sending ~100 requests a second each is what they stop
const app = await createApp({ db: handle.db, clock, rateLimits: false });
// as the server's main.ts does on PostgreSQL: a trend finding no month-end figures has them built
enableMonthEndBuilds(handle.db, { clock, logError: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`) });
await app.listen({ port: 0, host: '127.0.0.1' });
{
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}
const stop = () => {
  if (handle.readRouting) process.stderr.write(`read routing: ${JSON.stringify(handle.readRouting)}\n`);
  app.server.closeAllConnections();
  void app.close().then(() => {
    void handle.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
