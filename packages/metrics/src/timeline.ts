/**
 * Who is on whose caseload, at what tier, on any day (metrics.md "Who is on whose
 * caseload", "Acuity tier"), prepared once from the input rows so reports can ask
 * about many days (daysOverCapacity90, monthly trends) cheaply.
 */
import { dayNumber } from './dates.ts';
import type { Settings, TierKey } from './settings.ts';
import { assessmentTier, compareAssessments, compareIds } from './tier.ts';
import type {
  AssessmentRow,
  AssignmentRow,
  CapacityReductionRow,
  ClientRow,
  ContactRow,
  DateString,
  StaffPeriodRow,
  StaffRow,
  WorkloadItemRow,
} from './types.ts';

/** The rows every Standard 9 computation reads (one agency; see packages/db standard9 queries). */
export interface Standard9Rows {
  settings: Settings;
  staff: StaffRow[];
  clients: ClientRow[];
  assignments: AssignmentRow[];
  assessments: AssessmentRow[];
  /** needed by compliance, worklists and trends; collateral contacts are ignored */
  contacts?: ContactRow[];
  /** staff_periods.csv: a member with any period is employed only inside them (absent: none) */
  periods?: StaffPeriodRow[];
  /** capacity_reductions.csv (absent: none) */
  reductions?: CapacityReductionRow[];
  /** workload_items.csv (absent: none) */
  items?: WorkloadItemRow[];
}

/** A member as they stand on one day (metrics.md "Staff on a date"). */
export interface StaffOnDay {
  staff: StaffRow;
  staffId: string;
  /** team(s, D) */
  teamId: string | null;
  /** fte(s, D); 0 when not employed */
  fte: number;
  /** employed (with periods) or active (without) on D */
  employed: boolean;
  /** employed and fte > 0 */
  caseloadStaff: boolean;
}

/** The terms of capacityHours(s, D) and otherHours(s, D). */
export interface CapacityOnDay {
  fte: number;
  baseCapacityHours: number;
  /** reductions active on D, by start_on then reduction_id */
  reductions: CapacityReductionRow[];
  /** P (uncapped sum) */
  reductionPercent: number;
  /** H */
  reductionHours: number;
  capacityHours: number;
  /** items active on D, by start_on then item_id */
  items: WorkloadItemRow[];
  otherHours: number;
}

/** A row active on `day`: start ≤ day and (end null or end > day). */
interface DaySpan<T> {
  startDay: number;
  endDay: number;
  row: T;
}

function spansOf<T extends { startOn: DateString; endOn: DateString | null }>(
  rows: readonly T[],
  key: (r: T) => string,
): Map<string, Array<DaySpan<T>>> {
  const out = new Map<string, Array<DaySpan<T>>>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push({ startDay: dayNumber(row.startOn), endDay: row.endOn === null ? NEVER : dayNumber(row.endOn), row });
  }
  for (const list of out.values()) list.sort((a, b) => a.startDay - b.startDay);
  return out;
}

/**
 * capacityHours = max(0, base × (1 − min(100, P) / 100) − H) (metrics.md). With no
 * reductions it is base itself, bit for bit.
 */
export function capacityFrom(base: number, percent: number, hours: number): number {
  if (percent === 0 && hours === 0) return base;
  return Math.max(0, base * (1 - Math.min(100, percent) / 100) - hours);
}

/** A client contact (home_visit, office_visit, phone, video); collateral counts toward nothing. */
export const CLIENT_CONTACT_MODES = ['home_visit', 'office_visit', 'phone', 'video'] as const;
/** Face-to-face contact modes. */
export const FACE_TO_FACE_MODES = ['home_visit', 'office_visit'] as const;

const NEVER = Number.POSITIVE_INFINITY;

interface HeldSpan {
  staffId: string;
  startDay: number;
  /** exclusive; Infinity when open */
  endDay: number;
  startOn: DateString;
}

interface AssessedAt {
  day: number;
  row: AssessmentRow;
  tier: TierKey;
}

export interface ClientTimeline {
  client: ClientRow;
  enrolledDay: number;
  /** exclusive; Infinity when open */
  closedDay: number;
  /** by start day */
  spans: HeldSpan[];
  /** by (assessed_on, assessment_id byte order) */
  assessed: AssessedAt[];
  /** days of client contacts, ascending */
  contactDays: number[];
  /** days of face-to-face contacts, ascending */
  faceToFaceDays: number[];
}

/** One active client on one day. */
export interface ClientOnDay {
  timeline: ClientTimeline;
  /** staff of the assignment in force, null when unassigned */
  holder: string | null;
  /** start of the holder's assignment */
  heldSince: DateString | null;
  /** latest assessment on or before the day (undefined: unassessed) */
  assessment: AssessmentRow | undefined;
  /** its day number (null: unassessed) */
  assessedDay: number | null;
  tier: TierKey;
  hours: number;
}

/** Index of the last element of an ascending array that is ≤ key, or −1. */
function lastAtOrBefore<T>(sorted: readonly T[], key: number, value: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (value(sorted[mid] as T) <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class Standard9Index {
  readonly settings: Settings;
  readonly staffById: Map<string, StaffRow>;
  /** by client_id, byte order */
  readonly timelines: ClientTimeline[];
  readonly timelineById: Map<string, ClientTimeline>;
  /** by staff_id, each by start day */
  private readonly periodsOf: Map<string, Array<DaySpan<StaffPeriodRow>>>;
  private readonly reductionsOf: Map<string, Array<DaySpan<CapacityReductionRow>>>;
  private readonly itemsOf: Map<string, Array<DaySpan<WorkloadItemRow>>>;
  /** true when periods, reductions or items exist: some term depends on the day */
  readonly timeVarying: boolean;

  constructor(rows: Standard9Rows) {
    this.settings = rows.settings;
    this.staffById = new Map();
    for (const s of rows.staff) {
      if (this.staffById.has(s.staffId)) throw new Error(`staff ${s.staffId} appears twice`);
      this.staffById.set(s.staffId, s);
    }
    this.periodsOf = spansOf(rows.periods ?? [], (r) => r.staffId);
    const byStartThenId =
      <T>(id: (r: T) => string) =>
      (a: DaySpan<T>, b: DaySpan<T>) =>
        a.startDay - b.startDay || compareIds(id(a.row), id(b.row));
    this.reductionsOf = spansOf(rows.reductions ?? [], (r) => r.staffId);
    for (const l of this.reductionsOf.values()) l.sort(byStartThenId<CapacityReductionRow>((r) => r.reductionId));
    this.itemsOf = spansOf(rows.items ?? [], (r) => r.staffId);
    for (const l of this.itemsOf.values()) l.sort(byStartThenId<WorkloadItemRow>((r) => r.itemId));
    this.timeVarying = this.periodsOf.size > 0 || this.reductionsOf.size > 0 || this.itemsOf.size > 0;
    this.timelineById = new Map();
    for (const c of rows.clients) {
      if (this.timelineById.has(c.clientId)) throw new Error(`client ${c.clientId} appears twice`);
      this.timelineById.set(c.clientId, {
        client: c,
        enrolledDay: dayNumber(c.enrolledOn),
        closedDay: c.closedOn === null ? NEVER : dayNumber(c.closedOn),
        spans: [],
        assessed: [],
        contactDays: [],
        faceToFaceDays: [],
      });
    }
    // Rows of clients outside the given client set (e.g. another program) are ignored.
    for (const a of rows.assignments) {
      this.timelineById.get(a.clientId)?.spans.push({
        staffId: a.staffId,
        startDay: dayNumber(a.startOn),
        endDay: a.endOn === null ? NEVER : dayNumber(a.endOn),
        startOn: a.startOn,
      });
    }
    for (const a of rows.assessments) {
      this.timelineById.get(a.clientId)?.assessed.push({ day: dayNumber(a.assessedOn), row: a, tier: tierKey(a) });
    }
    for (const c of rows.contacts ?? []) {
      const t = this.timelineById.get(c.clientId);
      if (!t || !(CLIENT_CONTACT_MODES as readonly string[]).includes(c.mode)) continue;
      const day = dayNumber(c.occurredOn);
      t.contactDays.push(day);
      if ((FACE_TO_FACE_MODES as readonly string[]).includes(c.mode)) t.faceToFaceDays.push(day);
    }
    for (const t of this.timelineById.values()) {
      t.spans.sort((x, y) => x.startDay - y.startDay);
      t.assessed.sort((x, y) => compareAssessments(x.row, y.row));
      t.contactDays.sort((x, y) => x - y);
      t.faceToFaceDays.sort((x, y) => x - y);
    }
    this.timelines = [...this.timelineById.values()].sort((x, y) => compareIds(x.client.clientId, y.client.clientId));
  }

  /**
   * The member on `day` (metrics.md "Staff on a date"): from the period in force when the
   * member has periods (not employed on a day none covers), else staff.csv's values.
   */
  staffOn(staffId: string, day: number): StaffOnDay | undefined {
    const staff = this.staffById.get(staffId);
    if (!staff) return undefined;
    const periods = this.periodsOf.get(staffId);
    if (!periods) {
      const caseloadStaff = staff.active && staff.caseloadFte > 0;
      return { staff, staffId, teamId: staff.teamId, fte: staff.caseloadFte, employed: staff.active, caseloadStaff };
    }
    for (let i = periods.length - 1; i >= 0; i--) {
      const p = periods[i] as DaySpan<StaffPeriodRow>;
      if (p.startDay <= day && day < p.endDay) {
        const fte = p.row.caseloadFte;
        return { staff, staffId, teamId: p.row.teamId, fte, employed: true, caseloadStaff: fte > 0 };
      }
    }
    return { staff, staffId, teamId: null, fte: 0, employed: false, caseloadStaff: false };
  }

  /** team(s, D); null for an unknown member or a day outside every period. */
  teamOn(staffId: string, day: number): string | null {
    return this.staffOn(staffId, day)?.teamId ?? null;
  }

  /** Caseload staff on `day`: employed (periods) or active (no periods), with fte(s, D) > 0. */
  isCaseloadStaff(staffId: string, day: number): boolean {
    const periods = this.periodsOf.get(staffId);
    if (!periods) {
      const s = this.staffById.get(staffId);
      return s !== undefined && s.active && s.caseloadFte > 0;
    }
    for (let i = periods.length - 1; i >= 0; i--) {
      const p = periods[i] as DaySpan<StaffPeriodRow>;
      if (p.startDay <= day && day < p.endDay) return p.row.caseloadFte > 0;
    }
    return false;
  }

  /** Every term of capacityHours(s, D) and otherHours(s, D). */
  capacityOn(staffId: string, day: number): CapacityOnDay {
    const on = this.staffOn(staffId, day);
    const fte = on?.fte ?? 0;
    const baseCapacityHours = on?.caseloadStaff ? fte * this.settings.caseHoursPerFte : 0;
    const reductions: CapacityReductionRow[] = [];
    let reductionPercent = 0;
    let reductionHours = 0;
    for (const r of this.reductionsOf.get(staffId) ?? []) {
      if (!(r.startDay <= day && day < r.endDay)) continue;
      reductions.push(r.row);
      reductionPercent += r.row.percent ?? 0;
      reductionHours += r.row.hoursPerMonth ?? 0;
    }
    const items: WorkloadItemRow[] = [];
    let otherHours = 0;
    for (const it of this.itemsOf.get(staffId) ?? []) {
      if (!(it.startDay <= day && day < it.endDay)) continue;
      items.push(it.row);
      otherHours += it.row.hoursPerMonth;
    }
    return {
      fte,
      baseCapacityHours,
      reductions,
      reductionPercent,
      reductionHours,
      capacityHours: capacityFrom(baseCapacityHours, reductionPercent, reductionHours),
      items,
      otherHours,
    };
  }

  /** capacityHours(s, D): base capacity less the reductions active on D, floored at 0. */
  capacityHours(staffId: string, day: number): number {
    if (!this.reductionsOf.has(staffId)) {
      const on = this.staffOn(staffId, day);
      return on?.caseloadStaff ? on.fte * this.settings.caseHoursPerFte : 0;
    }
    return this.capacityOn(staffId, day).capacityHours;
  }

  /** otherHours(s, D): Σ hours_per_month of the member's workload items active on D. */
  otherHours(staffId: string, day: number): number {
    const items = this.itemsOf.get(staffId);
    if (!items) return 0;
    let sum = 0;
    for (const it of items) if (it.startDay <= day && day < it.endDay) sum += it.row.hoursPerMonth;
    return sum;
  }

  /** A holder with time behind their clients: caseload staff on D with capacityHours(s, D) > 0. */
  isCovering(staffId: string, day: number): boolean {
    return this.isCaseloadStaff(staffId, day) && this.capacityHours(staffId, day) > 0;
  }

  /** Caseload staff on `day`, by staff_id byte order. */
  caseloadStaff(day: number): StaffOnDay[] {
    const out: StaffOnDay[] = [];
    for (const id of this.staffIds) {
      const on = this.staffOn(id, day) as StaffOnDay;
      if (on.caseloadStaff) out.push(on);
    }
    return out;
  }

  /** Every staff_id, byte order. */
  get staffIds(): string[] {
    return (this.sortedStaffIds ??= [...this.staffById.keys()].sort(compareIds));
  }
  private sortedStaffIds: string[] | undefined;

  /** The periods, reductions and items of a member (for timelines and capacity changes), by start. */
  staffSpans(staffId: string): {
    periods: StaffPeriodRow[];
    reductions: CapacityReductionRow[];
    items: WorkloadItemRow[];
  } {
    return {
      periods: (this.periodsOf.get(staffId) ?? []).map((p) => p.row),
      reductions: (this.reductionsOf.get(staffId) ?? []).map((p) => p.row),
      items: (this.itemsOf.get(staffId) ?? []).map((p) => p.row),
    };
  }

  static isActive(t: ClientTimeline, day: number): boolean {
    return t.enrolledDay <= day && day < t.closedDay;
  }

  /** The assignment in force on `day` (start ≤ day < end); with overlapping rows, the latest start. */
  static spanOn(t: ClientTimeline, day: number): HeldSpan | undefined {
    for (let i = t.spans.length - 1; i >= 0; i--) {
      const s = t.spans[i] as HeldSpan;
      if (s.startDay <= day && day < s.endDay) return s;
    }
    return undefined;
  }

  static assessedOn(t: ClientTimeline, day: number): AssessedAt | undefined {
    return t.assessed[lastAtOrBefore(t.assessed, day, (a) => a.day)];
  }

  /** Day of the latest client contact (face-to-face when f2f) on or before `day`, or null. */
  static lastContactDay(t: ClientTimeline, day: number, faceToFace: boolean): number | null {
    const days = faceToFace ? t.faceToFaceDays : t.contactDays;
    const i = lastAtOrBefore(days, day, (d) => d);
    return i < 0 ? null : (days[i] as number);
  }

  /** Every active client on `day`, by client_id. */
  clientsOn(day: number): ClientOnDay[] {
    const out: ClientOnDay[] = [];
    for (const t of this.timelines) {
      if (!Standard9Index.isActive(t, day)) continue;
      const span = Standard9Index.spanOn(t, day);
      const assessed = Standard9Index.assessedOn(t, day);
      const tier = assessed?.tier ?? 'unassessed';
      out.push({
        timeline: t,
        holder: span?.staffId ?? null,
        heldSince: span?.startOn ?? null,
        assessment: assessed?.row,
        assessedDay: assessed?.day ?? null,
        tier,
        hours: this.settings.tierHours[tier],
      });
    }
    return out;
  }

  /**
   * Weighted hours per caseload staff member for each day of [firstDay, lastDay]
   * (clients are summed in client_id order, as on a single day).
   */
  dailyWeightedHours(firstDay: number, lastDay: number): Map<string, Float64Array> {
    const days = lastDay - firstDay + 1;
    const out = new Map<string, Float64Array>();
    // per member, whether they are caseload staff on each day of the window (1) or not (0)
    const caseloadDays = new Map<string, Uint8Array>();
    const caseloadOn = (staffId: string): Uint8Array => {
      let flags = caseloadDays.get(staffId);
      if (!flags) {
        flags = new Uint8Array(days);
        for (let i = 0; i < days; i++) flags[i] = this.isCaseloadStaff(staffId, firstDay + i) ? 1 : 0;
        caseloadDays.set(staffId, flags);
      }
      return flags;
    };
    const unassessedHours = this.settings.tierHours.unassessed;
    const cuts: number[] = [];
    for (const t of this.timelines) {
      if (t.enrolledDay > lastDay || t.closedDay <= firstDay) continue;
      // active days only: enrolled ≤ d < closed
      const lo = Math.max(firstDay, t.enrolledDay);
      const end = Math.min(lastDay + 1, t.closedDay);
      // the days where the holder or the tier may change split [lo, end) into runs where both hold still
      cuts.length = 0;
      cuts.push(lo, end);
      for (const s of t.spans) {
        if (s.startDay > lo && s.startDay < end) cuts.push(s.startDay);
        if (s.endDay > lo && s.endDay < end) cuts.push(s.endDay);
      }
      for (const a of t.assessed) if (a.day > lo && a.day < end) cuts.push(a.day);
      if (cuts.length > 2) cuts.sort((x, y) => x - y);
      for (let k = 0; k + 1 < cuts.length; k++) {
        const from = cuts[k] as number;
        const to = cuts[k + 1] as number;
        if (from === to) continue;
        const span = Standard9Index.spanOn(t, from);
        if (!span) continue;
        const flags = caseloadOn(span.staffId);
        const tier = Standard9Index.assessedOn(t, from)?.tier;
        const hours = tier === undefined ? unassessedHours : this.settings.tierHours[tier];
        let series = out.get(span.staffId);
        for (let d = from; d < to; d++) {
          const i = d - firstDay;
          if (!flags[i]) continue;
          if (!series) {
            series = new Float64Array(days);
            out.set(span.staffId, series);
          }
          series[i] = (series[i] as number) + hours;
        }
      }
    }
    return out;
  }
}

function tierKey(a: AssessmentRow): TierKey {
  return String(assessmentTier(a)) as TierKey;
}
