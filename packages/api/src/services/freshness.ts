/**
 * How old the numbers are (interfaces.md "Freshness"): the latest date in the agency's
 * data, when and how the last import came, and whether that is longer ago than the
 * agency's staleAfterDays (default 7).
 */
import type { Clock, DateString } from '@caseload/clock';
import { currentSettings, type Database } from '@caseload/db';
import { DEFAULT_STALE_AFTER_DAYS } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import { agencyToday } from './calendar.ts';
import { standard9Settings } from './caseload.ts';

type ImportVia = 'browser' | 'CLI' | 'drop folder' | 'API';

export interface Freshness {
  /** the latest date of any contact, assessment, enrolment, closure, assignment, referral, survey or review */
  dataAsOf: DateString | null;
  /** the last successful import, ISO 8601 UTC; null when none is recorded */
  importedAt: string | null;
  via: ImportVia | null;
  /** whole days from the import's agency-local date to today */
  daysSinceImport: number | null;
  staleAfterDays: number;
  /** the last import is older than staleAfterDays (or there is none) */
  stale: boolean;
}

const VIA: Record<string, ImportVia> = { browser: 'browser', cli: 'CLI', drop: 'drop folder', api: 'API' };

function localDate(at: Date, timeZone: string): DateString {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

export async function freshness(db: Kysely<Database>, agencyId: string, clock: Clock): Promise<Freshness> {
  const latest = await sql<{ d: string | null }>`
    select to_char(greatest(
      (select max(occurred_on) from contacts where agency_id = ${agencyId}),
      (select max(assessed_on) from assessments where agency_id = ${agencyId}),
      (select max(greatest(enrolled_on, closed_on)) from clients where agency_id = ${agencyId}),
      (select max(start_on) from assignments where agency_id = ${agencyId}),
      (select max(greatest(referred_on, started_on)) from referrals where agency_id = ${agencyId}),
      (select max(sent_on) from survey_invitations where agency_id = ${agencyId}),
      (select max(received_on) from survey_responses where agency_id = ${agencyId}),
      (select max(reviewed_on) from qa_reviews where agency_id = ${agencyId})
    ), 'YYYY-MM-DD') as d`.execute(db);
  const last = await db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'details'])
    .where('agency_id', '=', agencyId)
    .where('action', '=', 'import')
    .orderBy('audit_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const settings = await currentSettings<{ staleAfterDays?: unknown }>(db, agencyId);
  const configured = settings?.settings?.staleAfterDays;
  const staleAfterDays =
    typeof configured === 'number' && Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_STALE_AFTER_DAYS;
  if (!last)
    return { dataAsOf: latest.rows[0]?.d ?? null, importedAt: null, via: null, daysSinceImport: null, staleAfterDays, stale: true };

  const at = new Date(last.at);
  const details = (typeof last.details === 'string' ? JSON.parse(last.details) : last.details) as { via?: unknown };
  // imports recorded before the way was written down: the command line labels itself
  const via = typeof details.via === 'string' ? (VIA[details.via] ?? null) : last.actor.startsWith('cli') ? 'CLI' : null;
  const timeZone = (await standard9Settings(db, agencyId)).settings.timeZone;
  const today = await agencyToday(db, agencyId, clock);
  const daysSinceImport = Math.max(0, dayNumber(today) - dayNumber(localDate(at, timeZone)));
  return {
    dataAsOf: latest.rows[0]?.d ?? null,
    importedAt: at.toISOString(),
    via,
    daysSinceImport,
    staleAfterDays,
    stale: daysSinceImport > staleAfterDays,
  };
}
