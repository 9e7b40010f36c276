/**
 * The monthly Standard 9 trend as each role may see it. The board gets the agency and
 * team series only, with the small-cell rule of suppression.ts applied month by month:
 * - weightedHours and loadRatio are withheld when the group's caseload on that day
 *   holds 1 to minCellSize − 1 clients (capacityHours is staff time, not client data);
 * - contactDue, and with it contactMet and contactRate, when contactDue is small;
 *   contactMet and contactRate when contactMet is small (the rate and the shown due
 *   count would give the met count back);
 * - reassessDue, reassessOverdue and reassessRate likewise.
 */
import { type Database, loadStandard9Rows } from '@caseload/db';
import {
  type CaseloadTrend,
  caseloadOn,
  dayNumber,
  monthlyAsOfDates,
  Standard9Index,
  type TrendFigures,
  type TrendMonth,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import type { Scope } from '../access.ts';
import { ServiceError } from '../errors.ts';
import { standard9Settings } from '../services/caseload.ts';
import { caseloadTrend, trendClientCountsFromMonthEnds, trendWithClientsFromMonthEnds } from '../services/trend.ts';
import { CONTACT_FAMILY, complementCells, hoursFamily, reassessFamily } from './complement.ts';
import type { Audience } from './reports.ts';
import { isSmallCell, type Suppressible } from './suppression.ts';
import { cached } from '../services/cache.ts';

export type TrendCell =
  'weightedHours' | 'loadRatio' | 'contactDue' | 'contactMet' | 'contactRate' | 'reassessDue' | 'reassessOverdue' | 'reassessRate';
export type TrendFiguresView = Suppressible<TrendFigures, TrendCell>;
type StaffTrendFigures = TrendMonth['staff'][number];

export interface TrendMonthView {
  /** 'YYYY-MM' */
  month: string;
  asOf: string;
  /** null for a case manager */
  agency: TrendFiguresView | null;
  teams: Array<{ teamId: string } & TrendFiguresView>;
  /** empty for the board */
  staff: StaffTrendFigures[];
}

export interface TrendView {
  from: string;
  to: string;
  settingsVersion: number;
  audience: Audience;
  minCellSize: number;
  months: TrendMonthView[];
}

/** Caseload clients behind each month's agency and team load figures (for the board's suppression). */
export interface MonthClients {
  agency: number;
  teams: Map<string, number>;
}

/**
 * How many clients each month's agency and team caseloads hold, by month ('YYYY-MM'),
 * for the same period and filters as caseloadTrend: from the month-end figures when they
 * cover the period (as the trend is), otherwise from the rows.
 */
export async function trendClientCountsUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds: string[] | null; programIds: string[] | null },
): Promise<Map<string, MonthClients>> {
  // an empty period: the month-end path answers with no months
  const kept = await trendClientCountsFromMonthEnds(db, agencyId, input);
  if (kept) return kept;
  return trendClientCountsFromRows(db, agencyId, input);
}

/** trendClientCounts from every row the engine reads (the definition the month-end path is held to). */
export async function trendClientCountsFromRows(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds: string[] | null; programIds: string[] | null },
): Promise<Map<string, MonthClients>> {
  const points = monthlyAsOfDates(input.from, input.to);
  const first = points[0];
  if (!first) return new Map();
  const { settings } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: first.asOf, to: input.to, programIds: input.programIds, contacts: 'none' });
  const index = new Standard9Index({ ...rows, settings });
  const out = new Map<string, MonthClients>();
  for (const { month, asOf } of points) {
    const day = caseloadOn(index, dayNumber(asOf), { allTeamIds: rows.allTeamIds, teamIds: input.teamIds }, { daysOver: false });
    out.set(month, { agency: day.agency.clients, teams: new Map(day.teams.map((t) => [t.teamId, t.clients])) });
  }
  return out;
}

/**
 * How many clients each month's agency and team caseloads hold (see above); kept per
 * data and settings version when the handle has a result cache.
 */
export const trendClientCounts = cached('trend.clientCounts', trendClientCountsUncached);

/**
 * The caseload trend and its client counts together (what the board's trend needs): one
 * read of the month-end figures when they cover the period, otherwise caseloadTrend and
 * the counts from the rows. The same answers as caseloadTrend and trendClientCounts.
 */
export async function trendWithClients(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds: string[] | null; programIds: string[] | null },
): Promise<{ trend: CaseloadTrend; clients: Map<string, MonthClients> }> {
  const kept = await trendWithClientsFromMonthEnds(db, agencyId, input);
  if (kept) return kept;
  const [trend, clients] = await Promise.all([caseloadTrend(db, agencyId, input), trendClientCountsFromRows(db, agencyId, input)]);
  return { trend, clients };
}

/** The cells of one month's figures the board may not see. */
function trendCells(row: TrendFigures, clients: number, minCellSize: number): TrendCell[] {
  const small = (n: number) => isSmallCell(n, minCellSize);
  const cells = new Set<TrendCell>();
  if (small(clients)) cells.add('weightedHours').add('loadRatio');
  if (small(row.contactDue)) cells.add('contactDue').add('contactMet').add('contactRate');
  if (small(row.contactMet)) cells.add('contactMet').add('contactRate');
  if (small(row.reassessDue)) cells.add('reassessDue').add('reassessOverdue').add('reassessRate');
  if (small(row.reassessOverdue)) cells.add('reassessOverdue').add('reassessRate');
  return [...cells];
}

function withholdTrend<T extends TrendFigures>(
  row: T,
  cells: readonly TrendCell[],
  complementary: readonly TrendCell[] = [],
): Suppressible<T, TrendCell> {
  const out = { ...row } as Record<string, unknown>;
  const suppressed: Partial<Record<TrendCell, true>> = {};
  for (const cell of cells) {
    out[cell] = null;
    suppressed[cell] = true;
  }
  const marks = complementary.filter((c) => suppressed[c] === true);
  if (marks.length > 0)
    return { ...out, suppressed, complementary: Object.fromEntries(marks.map((c) => [c, true])) } as Suppressible<T, TrendCell>;
  return { ...out, suppressed } as Suppressible<T, TrendCell>;
}

const full = <T extends TrendFigures>(row: T) => withholdTrend(row, []);

/**
 * The trend as the caller's role may see it. `clients` (trendClientCounts) is needed
 * for the board only.
 */
export function shapeTrend(
  trend: CaseloadTrend,
  scope: Scope,
  minCellSize: number,
  clients: Map<string, MonthClients> | null = null,
): TrendView {
  const base = { from: trend.from, to: trend.to, settingsVersion: trend.settingsVersion, minCellSize };
  switch (scope.kind) {
    case 'agency':
    case 'programs':
      return {
        ...base,
        audience: 'full',
        months: trend.months.map((m) => ({ ...m, agency: full(m.agency), teams: m.teams.map(full) })),
      };
    case 'teams': {
      const mine = new Set(scope.teamIds);
      return {
        ...base,
        audience: 'full',
        months: trend.months.map((m) => ({
          month: m.month,
          asOf: m.asOf,
          agency: full(m.agency),
          teams: m.teams.filter((t) => mine.has(t.teamId)).map(full),
          staff: m.staff.filter((s) => s.teamId !== null && mine.has(s.teamId)),
        })),
      };
    }
    case 'self':
      return {
        ...base,
        audience: 'full',
        months: trend.months.map((m) => ({
          month: m.month,
          asOf: m.asOf,
          agency: null,
          teams: [],
          staff: m.staff.filter((s) => s.staffId === scope.staffId),
        })),
      };
    case 'board': {
      if (!clients) throw new Error('shapeTrend: the board view needs the client counts');
      return {
        ...base,
        audience: 'board',
        months: trend.months.map((m) => {
          const c = clients.get(m.month);
          if (!c) throw new Error(`shapeTrend: no client counts for ${m.month}`);
          const marks = (cells: TrendCell[]) => Object.fromEntries(cells.map((cell) => [cell, true]));
          // a team the counts do not know is treated as small: withheld, never shown by mistake
          const teamClients = (teamId: string) => c.teams.get(teamId) ?? 1;
          const cells = complementCells(
            { raw: m.agency, suppressed: marks(trendCells(m.agency, c.agency, minCellSize)), extra: { clients: c.agency } },
            m.teams.map((t) => ({
              id: t.teamId,
              raw: t,
              suppressed: marks(trendCells(t, teamClients(t.teamId), minCellSize)),
              extra: { clients: teamClients(t.teamId) },
            })),
            [hoursFamily((v) => v.clients ?? 0), CONTACT_FAMILY, reassessFamily(false)],
            minCellSize,
          );
          return {
            month: m.month,
            asOf: m.asOf,
            agency: withholdTrend(m.agency, cells.agency as TrendCell[], cells.agencyComplementary as TrendCell[]),
            teams: m.teams.map((t, i) =>
              withholdTrend(t, (cells.teams[i] ?? []) as TrendCell[], (cells.teamsComplementary[i] ?? []) as TrendCell[]),
            ),
            staff: [],
          };
        }),
      };
    }
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to reports.');
  }
}
