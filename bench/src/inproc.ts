/**
 * The one-day Standard 9 reports computed in-process, without kept answers, on a
 * database the bench kept (`pnpm bench -- --keep`): each the way the product computes
 * it and, for the caseload and compliance reports, from every row through the engine
 * (the path they had before the counts; the figures must agree). For iterating on
 * these reports without the whole bench.
 *
 *   BENCH_DATABASE_URL=postgres://user@host:5432/postgres pnpm exec tsx bench/src/inproc.ts caseload_bench_l [runs]
 */
import { uncachedStandard9 } from '@caseload/api';
import { clockFromEnv, DEFAULT_TIME_ZONE } from '@caseload/clock';
import { connect, migrateToLatest } from '@caseload/db';
import { addDays } from '@caseload/metrics';
import { sql } from 'kysely';
import { AGENCY_ID, databaseUrl } from './setup.ts';
import { summarize } from './stats.ts';

const [name, runsArg] = process.argv.slice(2).filter((a) => a !== '--');
const serverUrl = process.env.BENCH_DATABASE_URL;
if (!name || !serverUrl) {
  process.stderr.write('usage: BENCH_DATABASE_URL=postgres://… tsx bench/src/inproc.ts <kept database> [runs]\n');
  process.exit(1);
}
const runs = Number(runsArg ?? 15);
const handle = await connect({ databaseUrl: databaseUrl(serverUrl, name) });
const db = handle.db;
// a branch's own migrations (their backfill timed: it runs once per database)
const migrating = performance.now();
await migrateToLatest(db);
process.stdout.write(`migrated in ${((performance.now() - migrating) / 1000).toFixed(1)} s\n`);
const a = AGENCY_ID;
const asOf = clockFromEnv(process.env).today(DEFAULT_TIME_ZONE);
const busiest = await sql<{ staff_id: string }>`
  select staff_id from assignments where agency_id = ${a} and start_on <= ${asOf}::date and (end_on is null or end_on > ${asOf}::date)
  group by staff_id order by count(*) desc, staff_id limit 1`.execute(db);
const staffId = busiest.rows[0]?.staff_id ?? '';
const program = (await db.selectFrom('programs').select('program_id').where('agency_id', '=', a).orderBy('program_id').executeTakeFirst())
  ?.program_id;
const s9 = uncachedStandard9;
const calls: Array<[string, () => Promise<unknown>]> = [
  ['caseload.report', () => s9.caseloadReport(db, a, { asOf })],
  ['caseload.report (rows)', () => s9.caseloadReportFromRows(db, a, { asOf })],
  ['caseload.report, a year ago', () => s9.caseloadReport(db, a, { asOf: addDays(asOf, -365) })],
  ['caseload.report, one program', () => s9.caseloadReport(db, a, { asOf, programIds: program ? [program] : [] })],
  ['compliance.report', () => s9.complianceReport(db, a, { asOf })],
  ['compliance.report (rows)', () => s9.complianceReportFromRows(db, a, { asOf })],
  ['compliance.report, a year ago', () => s9.complianceReport(db, a, { asOf: addDays(asOf, -365) })],
  ['worklist.list', () => s9.worklist(db, a, { kind: 'reassessOverdue', asOf })],
  ['caseload.staffClients', () => s9.staffClients(db, a, { staffId, asOf })],
];
process.stdout.write(`${name} on ${asOf}, ${runs} runs each after one unmeasured\n`);
for (const [label, fn] of calls) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  process.stdout.write(
    `${label.padEnd(32)} p50 ${(s.p50 ?? 0).toFixed(1).padStart(7)} ms   p95 ${(s.p95 ?? 0).toFixed(1).padStart(7)} ms\n`,
  );
}
await handle.close();
