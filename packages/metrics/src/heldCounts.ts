/**
 * The one-day caseload and compliance reports from counts per holder and tier (the
 * set-based SQL path of @caseload/db caseloadSpans.ts), through the same figures as
 * the row path: caseloadFigures and complianceFigures. What is counted per client
 * (who holds it at what tier, complianceFlags) is decided by the rows' definition; the
 * counts only arrive grouped, and tests hold both paths to the same report.
 *
 * The staff-level terms (staff on a date, capacity, workload items) come from the
 * staff, period, reduction and item rows, as on the row path: they are few.
 */
import { caseloadFigures, DAYS_OVER_WINDOW, emptyTierCounts, type HeldOnDay, type HolderCounts, type Standard9Scope } from './caseload.ts';
import { complianceFigures, type ComplianceTally, zeroTally } from './compliance.ts';
import { dayNumber } from './dates.ts';
import type { TierKey } from './settings.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { CaseloadReport, ComplianceReport, DateString } from './types.ts';

const TIER_KEYS: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];
/** a tier's position in TIER_KEYS */
const TIER_INDEX: Readonly<Record<TierKey, number>> = { '1': 0, '2': 1, '3': 2, '4': 3, unassessed: 4 };

/**
 * A change of the number of active clients a holder (null: nobody) holds at a tier,
 * from `day` on. Changes dated before the first day a computation looks at count on it.
 */
export interface HolderTierChange {
  staffId: string | null;
  /** the day number (dayNumber: days since 1970-01-01) */
  day: number;
  tier: TierKey;
  delta: number;
}

/** Active clients held by one holder (null: nobody) at one tier on a day, and their compliance tally. */
export interface HolderTierTally extends ComplianceTally {
  staffId: string | null;
  tier: TierKey;
  clients: number;
}

/** The staff-level rows: no client, assignment or assessment is read. */
export type StaffTermRows = Pick<Standard9Rows, 'settings' | 'staff' | 'periods' | 'reductions' | 'items'>;

/** The engine's index over the staff terms alone (team, FTE, reductions, items on any day): it holds no clients. */
export function staffTermsIndex(rows: StaffTermRows): Standard9Index {
  return new Standard9Index({
    settings: rows.settings,
    staff: rows.staff,
    clients: [],
    assignments: [],
    assessments: [],
    periods: rows.periods,
    reductions: rows.reductions,
    items: rows.items,
  });
}

/** weightedHours of tier counts: Σ clients at a tier × tierHours[tier]. */
function weighted(index: Standard9Index, counts: ArrayLike<number>, at: number): number {
  let hours = 0;
  for (let t = 0; t < TIER_KEYS.length; t++) {
    const n = counts[at + t] as number;
    if (n !== 0) hours += n * index.settings.tierHours[TIER_KEYS[t] as TierKey];
  }
  return hours;
}

function holderCounts(index: Standard9Index, counts: ArrayLike<number>, at: number): HolderCounts {
  const tierCounts = emptyTierCounts();
  let clients = 0;
  for (let t = 0; t < TIER_KEYS.length; t++) {
    const n = counts[at + t] as number;
    tierCounts[TIER_KEYS[t] as TierKey] = n;
    clients += n;
  }
  return { clients, tierCounts, weightedHours: weighted(index, counts, at) };
}

/** unassigned and uncovered of the agency row from the holders' client counts. */
function agencyCounts(index: Standard9Index, day: number, byStaff: ReadonlyMap<string, HolderCounts>) {
  let uncovered = 0;
  for (const [staffId, c] of byStaff) if (!index.isCovering(staffId, day)) uncovered += c.clients;
  return uncovered;
}

/**
 * HeldOnDay on `day` from tier-count changes: the counts on the day, and with
 * daysOver each holder's daily weighted hours over (day − 90, day] on the days they
 * are caseload staff (as Standard9Index.dailyWeightedHours).
 */
export function heldFromChanges(index: Standard9Index, day: number, changes: readonly HolderTierChange[], daysOver: boolean): HeldOnDay {
  const days = daysOver ? DAYS_OVER_WINDOW : 1;
  const firstDay = day - days + 1;
  const width = TIER_KEYS.length;
  const hours = TIER_KEYS.map((k) => index.settings.tierHours[k]);
  // each holder's tier counts per day of the window, as changes first (one pass over the
  // changes), then summed along the days
  const series = new Map<string | null, Int32Array>();
  let last: Int32Array | undefined;
  let lastId: string | null | undefined;
  for (const c of changes) {
    if (c.day > day) continue;
    let s = c.staffId === lastId ? last : series.get(c.staffId);
    if (!s) series.set(c.staffId, (s = new Int32Array(days * width)));
    last = s;
    lastId = c.staffId;
    const at = (c.day > firstDay ? c.day - firstDay : 0) * width + TIER_INDEX[c.tier];
    s[at] = (s[at] as number) + c.delta;
  }
  const byStaff = new Map<string, HolderCounts>();
  const daily = daysOver ? new Map<string, Float64Array>() : null;
  let unassigned = 0;
  for (const [staffId, s] of series) {
    for (let i = width; i < s.length; i++) s[i] = (s[i] as number) + (s[i - width] as number);
    const on = holderCounts(index, s, (days - 1) * width);
    if (staffId === null) {
      unassigned = on.clients;
      continue;
    }
    if (on.clients > 0) byStaff.set(staffId, on);
    if (daily) {
      const w = new Float64Array(days);
      let any = false;
      for (let i = 0; i < days; i++) {
        if (!index.isCaseloadStaff(staffId, firstDay + i)) continue;
        let h = 0;
        for (let t = 0, at = i * width; t < width; t++, at++) if (s[at] !== 0) h += (s[at] as number) * (hours[t] as number);
        w[i] = h;
        if (h !== 0) any = true;
      }
      if (any) daily.set(staffId, w);
    }
  }
  return { byStaff, unassigned, uncovered: agencyCounts(index, day, byStaff), daily };
}

export interface CaseloadFromCountsInput extends StaffTermRows, Standard9Scope {
  asOf: DateString;
  settingsVersion: number;
  /** every change of a holder's tier counts over (asOf − 90, asOf] (those before it dated on or before its first day) */
  changes: readonly HolderTierChange[];
}

/** The caseload report (computeCaseloadReport) from tier-count changes. */
export function computeCaseloadReportFromCounts(input: CaseloadFromCountsInput): CaseloadReport {
  const index = staffTermsIndex(input);
  const day = dayNumber(input.asOf);
  const { staff, teams, agency } = caseloadFigures(index, day, input, heldFromChanges(index, day, input.changes, true));
  return { asOf: input.asOf, settingsVersion: input.settingsVersion, staff, teams, agency };
}

export interface ComplianceFromCountsInput extends StaffTermRows, Standard9Scope {
  asOf: DateString;
  settingsVersion: number;
  /** per holder (null: nobody) and tier, the active clients on asOf and their tally */
  tallies: readonly HolderTierTally[];
}

/** The compliance report (computeComplianceReport) from tallies per holder and tier. */
export function computeComplianceReportFromCounts(input: ComplianceFromCountsInput): ComplianceReport {
  const index = staffTermsIndex(input);
  const day = dayNumber(input.asOf);
  const width = TIER_KEYS.length;
  const counts = new Map<string | null, number[]>();
  const byHolder = new Map<string, ComplianceTally>();
  const agencyTally = zeroTally();
  for (const r of input.tallies) {
    let c = counts.get(r.staffId);
    if (!c) counts.set(r.staffId, (c = new Array<number>(width).fill(0)));
    c[TIER_KEYS.indexOf(r.tier)] = (c[TIER_KEYS.indexOf(r.tier)] as number) + r.clients;
    addTally(agencyTally, r);
    if (r.staffId === null) continue;
    let t = byHolder.get(r.staffId);
    if (!t) byHolder.set(r.staffId, (t = zeroTally()));
    addTally(t, r);
  }
  const byStaff = new Map<string, HolderCounts>();
  let unassigned = 0;
  for (const [staffId, c] of counts) {
    const on = holderCounts(index, c, 0);
    if (staffId === null) unassigned = on.clients;
    else if (on.clients > 0) byStaff.set(staffId, on);
  }
  const caseload = caseloadFigures(index, day, input, { byStaff, unassigned, uncovered: agencyCounts(index, day, byStaff), daily: null });
  const r = complianceFigures(caseload, byHolder, agencyTally);
  return {
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    staff: r.staff,
    teams: r.teams,
    agency: r.agency,
    loadComplianceFit: r.loadComplianceFit,
  };
}

function addTally(into: ComplianceTally, t: ComplianceTally): void {
  into.contactDue += t.contactDue;
  into.contactMet += t.contactMet;
  into.reassessDue += t.reassessDue;
  into.reassessOverdue += t.reassessOverdue;
  into.reassessDueSoon += t.reassessDueSoon;
}

/** The members covering on `asOf` (caseload staff with capacityHours > 0): a client anyone else holds is uncovered. */
export function coveringStaffIds(rows: StaffTermRows, asOf: DateString): string[] {
  const index = staffTermsIndex(rows);
  const day = dayNumber(asOf);
  return index.staffIds.filter((id) => index.isCovering(id, day));
}
