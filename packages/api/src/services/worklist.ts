/** Worklists: the clients due a contact or a reassessment, unassigned, or otherwise needing attention, on a day. */
import { loadStandard9Rows, type Database } from '@caseload/db';
import { computeWorklist, WORKLIST_KINDS, type Worklist, type WorklistKind } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

/** A work list of clients needing action on asOf (see @caseload/metrics computeWorklist). */
export async function worklistUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { kind: WorklistKind; asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<Worklist> {
  const asOf = requireDate(input.asOf, 'asOf');
  if (!WORKLIST_KINDS.includes(input.kind)) {
    throw new ServiceError('BAD_REQUEST', `A work list is one of ${WORKLIST_KINDS.join(', ')} (got "${input.kind}").`);
  }
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, {
    from: asOf,
    to: asOf,
    programIds: input.programIds,
    contacts: 'latest',
    // the last holder of an unassigned client names the team that should pick it up
    assignmentHistory: input.kind === 'unassigned',
  });
  return computeWorklist({ ...engineRows(rows), asOf, settings, settingsVersion: version, kind: input.kind, teamIds: input.teamIds });
}
/** worklist, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const worklist = cached('standard9.worklist', worklistUncached);
