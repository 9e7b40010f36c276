/** The services computed every time, without the result cache (benchmarks and tests of the computation itself). */
import type { Database } from '@caseload/db';
import type { Kysely } from 'kysely';
import { caseloadReportFromRows, caseloadReportUncached, staffClientsFromRows, staffClientsUncached } from './caseload.ts';
import { complianceReportFromRows, complianceReportUncached } from './compliance.ts';
import { feedbackReportUncached } from './feedback.ts';
import { intakeRankingUncached } from './intake.ts';
import { outcomesReportUncached } from './outcomes.ts';
import { providersReportUncached } from './providers.ts';
import { qaReportUncached } from './qa.ts';
import { rebalanceReportUncached } from './rebalance.ts';
import { caseloadTrendFromRows, caseloadTrendUncached, type TrendInput, trendPeriod } from './trend.ts';
import { worklistFromRows, worklistUncached } from './worklist.ts';
import { trendClientCountsFromRows, trendClientCountsUncached, trendWithClients } from '../shaping/trend.ts';

/** The services computed every time, without the result cache (benchmarks of the computation itself). */
export const uncachedStandard9 = {
  caseloadReport: caseloadReportUncached,
  complianceReport: complianceReportUncached,
  /** the caseload and compliance reports from every row, through the engine (the counts path is held to them) */
  caseloadReportFromRows,
  complianceReportFromRows,
  rebalanceReport: rebalanceReportUncached,
  intakeRanking: intakeRankingUncached,
  caseloadTrend: caseloadTrendUncached,
  /** the trend from the rows, never from month-end figures (tests and benchmarks compare the two) */
  caseloadTrendFromRows: (db: Kysely<Database>, agencyId: string, input: TrendInput) =>
    caseloadTrendFromRows(db, agencyId, { ...input, ...trendPeriod(input) }),
  /** the clients behind the trend's agency and team loads (board suppression), and the same from the rows */
  trendClientCounts: trendClientCountsUncached,
  trendClientCountsFromRows,
  /** the trend and its client counts from one read (what the board uses) */
  trendWithClients,
  staffClients: staffClientsUncached,
  worklist: worklistUncached,
  /** the drill-down and the work lists from every active client's rows (the SQL-picked paths are held to them) */
  staffClientsFromRows,
  worklistFromRows,
};

/** The services computed every time, without the result cache (benchmarks of the computation itself). */
export const uncachedStandard8 = {
  feedbackReport: feedbackReportUncached,
  outcomesReport: outcomesReportUncached,
  providersReport: providersReportUncached,
  qaReport: qaReportUncached,
};
