/** Intake routing: the staff who could take a new client, ranked by their load after taking them. */
import { loadStandard9Rows, type Database } from '@caseload/db';
import { rankIntake, type IntakeRanking, type NewClient, type TierKey } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

const TIER_KEYS: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];

/** Eligible caseload staff for a new client, ranked by load ratio after taking the client. */
export async function intakeRankingUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; newClient: NewClient; teamIds?: string[] | null },
): Promise<IntakeRanking> {
  const asOf = requireDate(input.asOf, 'asOf');
  if (!TIER_KEYS.includes(input.newClient.tier)) {
    throw new ServiceError('BAD_REQUEST', `The expected tier must be 1, 2, 3, 4 or unassessed (got "${input.newClient.tier}").`);
  }
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, contacts: 'none' });
  return rankIntake({
    ...engineRows(rows),
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
    newClient: input.newClient,
  });
}
/** intakeRanking, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const intakeRanking = cached('standard9.intakeRanking', intakeRankingUncached);
