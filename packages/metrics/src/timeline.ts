/**
 * Who is on whose caseload, at what tier, on any day (metrics.md "Who is on whose
 * caseload", "Acuity tier"), prepared once from the input rows so reports can ask
 * about many days (daysOverCapacity90, monthly trends) cheaply.
 */
import { dayNumber } from './dates.ts';
import type { Settings, TierKey } from './settings.ts';
import { assessmentTier, compareAssessments, compareIds } from './tier.ts';
import type { AssessmentRow, AssignmentRow, ClientRow, ContactRow, DateString, StaffRow } from './types.ts';

/** The rows every Standard 9 computation reads (one agency; see packages/db standard9 queries). */
export interface Standard9Rows {
  settings: Settings;
  staff: StaffRow[];
  clients: ClientRow[];
  assignments: AssignmentRow[];
  assessments: AssessmentRow[];
  /** needed by compliance, worklists and trends; collateral contacts are ignored */
  contacts?: ContactRow[];
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

  constructor(rows: Standard9Rows) {
    this.settings = rows.settings;
    this.staffById = new Map();
    for (const s of rows.staff) {
      if (this.staffById.has(s.staffId)) throw new Error(`staff ${s.staffId} appears twice`);
      this.staffById.set(s.staffId, s);
    }
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

  /** Caseload staff: active = true and caseload_fte > 0. */
  isCaseloadStaff(staffId: string): boolean {
    const s = this.staffById.get(staffId);
    return s !== undefined && s.active && s.caseloadFte > 0;
  }

  /** caseload_fte × caseHoursPerFte for caseload staff, 0 for anyone else. */
  capacityHours(staffId: string): number {
    const s = this.staffById.get(staffId);
    return s && this.isCaseloadStaff(staffId) ? s.caseloadFte * this.settings.caseHoursPerFte : 0;
  }

  /** Caseload staff, by staff_id byte order. */
  caseloadStaff(): StaffRow[] {
    return [...this.staffById.values()]
      .filter((s) => this.isCaseloadStaff(s.staffId))
      .sort((a, b) => compareIds(a.staffId, b.staffId));
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
    for (const t of this.timelines) {
      if (t.enrolledDay > lastDay || t.closedDay <= firstDay) continue;
      for (let d = firstDay; d <= lastDay; d++) {
        if (!Standard9Index.isActive(t, d)) continue;
        const span = Standard9Index.spanOn(t, d);
        if (!span || !this.isCaseloadStaff(span.staffId)) continue;
        let series = out.get(span.staffId);
        if (!series) {
          series = new Float64Array(days);
          out.set(span.staffId, series);
        }
        const tier = Standard9Index.assessedOn(t, d)?.tier ?? 'unassessed';
        series[d - firstDay] = (series[d - firstDay] as number) + this.settings.tierHours[tier];
      }
    }
    return out;
  }
}

function tierKey(a: AssessmentRow): TierKey {
  return String(assessmentTier(a)) as TierKey;
}
