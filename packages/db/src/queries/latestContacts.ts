/**
 * Each active client's latest client contact and latest face-to-face contact on or
 * before a day: all that the contact standards of one day read (metrics.md "Contact
 * standards"), for the compliance report, the work lists and the drill-down.
 *
 * Read from client_latest_contacts (kept by triggers on contacts, in the same
 * transaction as every change) for the clients whose latest contacts are on or before
 * the day; a client with a contact after the day (a report of a past day) is looked up
 * in contacts. Either way the rows are those of the query over every contact
 * (standard9.ts loadLatestContactRows), which the tests hold it to.
 */
import { type Kysely, sql } from 'kysely';
import type { ContactRow } from '@caseload/metrics';
import type { ContactMode, Database, DateString } from '../schema.ts';

const CLIENT_MODES: ContactMode[] = ['home_visit', 'office_visit', 'phone', 'video'];
const FACE_TO_FACE_MODES: ContactMode[] = ['home_visit', 'office_visit'];

interface LatestOptions {
  asOf: DateString;
  programIds?: string[] | null;
  /** only these clients (null/undefined: every client) */
  clientIds?: string[] | null;
}

function selectsNothing(programIds: string[] | null | undefined): boolean {
  return programIds !== null && programIds !== undefined && programIds.length === 0;
}

/** `and c.program_id in (...)` when the programs are filtered, `and c.client_id = any(...)` when the clients are. */
function programFilter(opts: LatestOptions) {
  return sql`${opts.programIds ? sql`and c.program_id in (${sql.join(opts.programIds)})` : sql``}
    ${opts.clientIds ? sql`and c.client_id = any(${opts.clientIds}::text[])` : sql``}`;
}

/** A stored latest (any or face-to-face) that lies after the day: the client is read from contacts. */
function storedAfter(asOf: DateString) {
  return sql`(l.any_on > ${asOf}::date or l.f2f_on > ${asOf}::date)`;
}

/**
 * For each client active on `asOf` (in the programs): its latest client contact and
 * its latest face-to-face contact on or before asOf (by occurred_on, then contact_id
 * in byte order), however old.
 */
export async function latestContactRows(db: Kysely<Database>, agencyId: string, opts: LatestOptions): Promise<ContactRow[]> {
  if (selectsNothing(opts.programIds)) return [];
  const { asOf } = opts;
  const [stored, after] = await Promise.all([
    sql<{
      client_id: string;
      any_on: string | null;
      any_mode: ContactMode | null;
      any_staff: string | null;
      f2f_on: string | null;
      f2f_mode: ContactMode | null;
      f2f_staff: string | null;
    }>`
      select l.client_id,
             l.any_on, l.any_mode, l.any_staff, l.f2f_on, l.f2f_mode, l.f2f_staff
      from clients c
      join client_latest_contacts l on l.agency_id = c.agency_id and l.client_id = c.client_id
      where c.agency_id = ${agencyId}
        and c.enrolled_on <= ${asOf}::date and (c.closed_on is null or c.closed_on > ${asOf}::date)
        ${programFilter(opts)}
        and not coalesce(${storedAfter(asOf)}, false)
    `.execute(db),
    latestFromContacts(db, agencyId, opts),
  ]);
  const out: ContactRow[] = [];
  for (const r of stored.rows) {
    if (r.any_on !== null)
      out.push({ clientId: r.client_id, staffId: r.any_staff as string, occurredOn: r.any_on, mode: r.any_mode as ContactMode });
    if (r.f2f_on !== null)
      out.push({ clientId: r.client_id, staffId: r.f2f_staff as string, occurredOn: r.f2f_on, mode: r.f2f_mode as ContactMode });
  }
  return [...out, ...after];
}

/** Latest contacts from the contacts table, of the active clients whose stored latest lies after the day. */
async function latestFromContacts(db: Kysely<Database>, agencyId: string, opts: LatestOptions): Promise<ContactRow[]> {
  const { asOf } = opts;
  const clients = sql`
    select c.client_id from clients c
    join client_latest_contacts l on l.agency_id = c.agency_id and l.client_id = c.client_id
    where c.agency_id = ${agencyId}
      and c.enrolled_on <= ${asOf}::date and (c.closed_on is null or c.closed_on > ${asOf}::date)
      ${programFilter(opts)}
      and ${storedAfter(asOf)}`;
  const latest = (modes: ContactMode[]) =>
    sql<{ client_id: string; staff_id: string; occurred_on: string; mode: ContactMode }>`
      select distinct on (client_id) client_id, staff_id, occurred_on, mode
      from contacts
      where agency_id = ${agencyId}
        and client_id in (${clients})
        and mode in (${sql.join(modes)})
        and occurred_on <= ${asOf}::date
      order by client_id, occurred_on desc, contact_id collate "C" desc
    `.execute(db);
  const [any, f2f] = await Promise.all([latest(CLIENT_MODES), latest(FACE_TO_FACE_MODES)]);
  return [...any.rows, ...f2f.rows].map((r) => ({ clientId: r.client_id, staffId: r.staff_id, occurredOn: r.occurred_on, mode: r.mode }));
}
