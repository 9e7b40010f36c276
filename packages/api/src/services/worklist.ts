/** Worklists: the clients due a contact or a reassessment, unassigned, or otherwise needing attention, on a day. */
import { loadCapacityRows, loadStaffRows, loadStandard9Rows, worklistClientIds, type Database } from '@caseload/db';
import {
  computeWorklist,
  coveringStaffIds,
  REASSESS_DUE_SOON_DAYS,
  WORKLIST_KINDS,
  type Worklist,
  type WorklistKind,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

type WorklistInput = { kind: WorklistKind; asOf: string; teamIds?: string[] | null; programIds?: string[] | null };

/**
 * A work list of clients needing action on asOf (see @caseload/metrics computeWorklist):
 * the clients it can list are picked in SQL (caseloadSpans.ts worklistClientIds), and
 * the engine computes the list from those clients' rows alone. The tests hold it to
 * worklistFromRows on both drivers.
 */
export async function worklistUncached(db: Kysely<Database>, agencyId: string, input: WorklistInput): Promise<Worklist> {
  const asOf = requireDate(input.asOf, 'asOf');
  checkKind(input.kind);
  const { settings } = await standard9Settings(db, agencyId);
  let covering: string[] = [];
  if (input.kind === 'uncovered') {
    const [staff, capacity] = await Promise.all([loadStaffRows(db, agencyId), loadCapacityRows(db, agencyId)]);
    covering = coveringStaffIds({ settings, staff, ...capacity }, asOf);
  }
  const clientIds = await worklistClientIds(db, agencyId, {
    asOf,
    kind: input.kind,
    programIds: input.programIds,
    settings,
    dueSoonDays: REASSESS_DUE_SOON_DAYS,
    coveringStaffIds: covering,
  });
  return worklistOf(db, agencyId, input, clientIds);
}

/** A work list from every active client's rows (the definition worklistUncached is held to). */
export async function worklistFromRows(db: Kysely<Database>, agencyId: string, input: WorklistInput): Promise<Worklist> {
  checkKind(input.kind);
  return worklistOf(db, agencyId, { ...input, asOf: requireDate(input.asOf, 'asOf') }, null);
}

function checkKind(kind: WorklistKind): void {
  if (!WORKLIST_KINDS.includes(kind)) {
    throw new ServiceError('BAD_REQUEST', `A work list is one of ${WORKLIST_KINDS.join(', ')} (got "${kind}").`);
  }
}

/** The engine's work list over the rows of `clientIds` (null: every client). */
async function worklistOf(db: Kysely<Database>, agencyId: string, input: WorklistInput, clientIds: string[] | null): Promise<Worklist> {
  const { asOf } = input;
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, {
    from: asOf,
    to: asOf,
    programIds: input.programIds,
    clientIds,
    contacts: 'latest',
    // the last holder of an unassigned client names the team that should pick it up
    assignmentHistory: input.kind === 'unassigned',
  });
  return computeWorklist({ ...engineRows(rows), asOf, settings, settingsVersion: version, kind: input.kind, teamIds: input.teamIds });
}
/** worklist, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const worklist = cached('standard9.worklist', worklistUncached);
