/** The rebalance proposal: moves of clients from over-loaded to under-loaded staff, from the caseload engine's rows (caseload.ts). */
import { loadStandard9Rows, type Database } from '@caseload/db';
import { proposeRebalance, type RebalanceProposal } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

/** A rebalancing proposal (interfaces.md `rebalance`) for one team on input.asOf. Advice only: nothing is changed. */
export async function rebalanceReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { teamId: string; asOf: string },
): Promise<RebalanceProposal> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, contacts: 'none' });
  if (!rows.allTeamIds.includes(input.teamId)) throw new ServiceError('NOT_FOUND', `There is no team ${input.teamId}.`);
  return proposeRebalance({ ...engineRows(rows), asOf, settings, settingsVersion: version, teamId: input.teamId });
}
/** rebalanceReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const rebalanceReport = cached('standard9.rebalanceReport', rebalanceReportUncached);
