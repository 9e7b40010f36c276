/**
 * The calendar of an agency: today in its time zone (from the one clock), and the
 * first day its records have anything to show.
 */
import { type Clock, type DateString } from '@caseload/clock';
import { type Database, firstRecordedDate } from '@caseload/db';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { standard9Settings } from './caseload.ts';

/** Today in the agency's time zone (a setting, default America/New_York), or the date CASELOAD_TODAY pins. */
export async function agencyToday(db: Kysely<Database>, agencyId: string, clock: Clock): Promise<DateString> {
  if (clock.pinnedToday !== null) return clock.pinnedToday;
  return clock.today((await standard9Settings(db, agencyId)).settings.timeZone);
}

const keptFirstRecordedDate = cached('calendar.dataFrom', (db: Kysely<Database>, agencyId: string, _input: null) =>
  firstRecordedDate(db, agencyId),
);

/** The first day of the agency's records (its earliest contact or assessment; see firstRecordedDate), kept per data version. */
export function dataFrom(db: Kysely<Database>, agencyId: string): Promise<DateString | null> {
  return keptFirstRecordedDate(db, agencyId, null);
}

/** The sentence a person reads when they ask for a date before the agency's records begin. */
export function beforeDataMessage(date: DateString, first: DateString, what: 'as of' | 'ending'): string {
  return (
    `The agency's records begin on ${first} (its earliest recorded contact or assessment), so there is nothing to show ${what} ${date}. ` +
    `Choose a date on or after ${first}.`
  );
}

/**
 * Refuses (400) a report whose date — an as-of date, or the end of a period — falls
 * before the agency's first recorded day. An agency with no records yet is not refused:
 * its pages say there is nothing to show.
 */
export async function requireRecordsBy(db: Kysely<Database>, agencyId: string, date: DateString, what: 'as of' | 'ending'): Promise<void> {
  const first = await dataFrom(db, agencyId);
  if (first !== null && date < first) throw new ServiceError('BAD_REQUEST', beforeDataMessage(date, first, what));
}
