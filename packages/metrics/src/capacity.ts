/**
 * Capacity over time (metrics.md "Why a load is what it is", "Capacity changes ahead",
 * "Workload calibration") and a member's capacity timeline. Pure: rows in, figures out.
 */
import { caseloadOn, loadBand, loadsOn } from './caseload.ts';
import { addDays, dayNumber, fromDayNumber, monthEnd, monthOf } from './dates.ts';
import type { TierKey } from './settings.ts';
import { rate } from './stats.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { AssessmentRow, AssignmentRow, Band, ClientRow, DateString, ReductionReason, WorkloadKind } from './types.ts';
import type { Settings } from './settings.ts';

export const TIER_KEYS: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];

/** How a reason or kind reads in a sentence. */
export const REDUCTION_REASON_LABEL: Record<ReductionReason, string> = {
  leave: 'leave',
  training: 'training',
  new_staff: 'a new worker’s ramp-up',
  light_duty: 'light duty',
  union: 'union time',
  special_assignment: 'a special assignment',
  other: 'another reduction',
};

export const WORKLOAD_KIND_LABEL: Record<WorkloadKind, string> = {
  intake: 'intake duty',
  on_call: 'on-call',
  court: 'court reports',
  group: 'groups',
  training_others: 'training others',
  committee: 'committee work',
  other: 'other work',
};

// ---------------------------------------------------------------- explanation

export interface Explanation {
  staffId: string;
  asOf: DateString;
  settingsVersion: number;
  teamId: string | null;
  /** employed (periods) or active (no periods) on asOf */
  employed: boolean;
  caseloadStaff: boolean;
  tiers: Array<{ tier: TierKey; clients: number; hoursPerClient: number; hours: number }>;
  items: Array<{ itemId: string; kind: WorkloadKind; hoursPerMonth: number; startOn: DateString; endOn: DateString | null }>;
  clients: number;
  weightedHours: number;
  otherHours: number;
  workloadHours: number;
  fte: number;
  caseHoursPerFte: number;
  baseCapacityHours: number;
  reductions: Array<{
    reductionId: string;
    reason: ReductionReason;
    percent: number | null;
    hoursPerMonth: number | null;
    startOn: DateString;
    endOn: DateString | null;
  }>;
  /** P: Σ percent of the reductions active on D (capacity uses min(100, P)) */
  reductionPercent: number;
  reductionHours: number;
  capacityHours: number;
  loadRatio: number | null;
  band: Band | null;
  daysOverCapacity90: number;
  sentence: string;
}

export interface ExplainInput extends Standard9Rows {
  asOf: DateString;
  settingsVersion: number;
  staffId: string;
}

const hoursText = (h: number) => `${Number.isInteger(h) ? h : Number(h.toFixed(2))} h`;
const pctText = (p: number) => `${Number.isInteger(p) ? p : Number(p.toFixed(1))}%`;
const fteText = (f: number) => (Number.isInteger(f) ? f.toFixed(1) : String(Number(f.toFixed(3))));

/** The parts of one member's load on asOf, in the order they are computed, and a sentence. */
export function computeExplanation(input: ExplainInput): Explanation {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  return explainOn(index, input.staffId, day, input.settingsVersion);
}

export function explainOn(index: Standard9Index, staffId: string, day: number, settingsVersion: number): Explanation {
  const settings = index.settings;
  const { allStaff } = caseloadOn(index, day, {}, { daysOver: true });
  const row = allStaff.find((s) => s.staffId === staffId);
  const on = index.staffOn(staffId, day);
  const cap = index.capacityOn(staffId, day);
  const tierCounts = row?.tierCounts ?? { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
  const tiers = TIER_KEYS.map((tier) => ({
    tier,
    clients: tierCounts[tier],
    hoursPerClient: settings.tierHours[tier],
    hours: tierCounts[tier] * settings.tierHours[tier],
  }));
  const weightedHours = row?.weightedHours ?? 0;
  const workloadHours = weightedHours + cap.otherHours;
  const loadRatio = rate(workloadHours, cap.capacityHours);
  const band = loadBand(loadRatio, settings.loadBands);
  const clients = row?.clients ?? 0;
  const out: Explanation = {
    staffId,
    asOf: fromDayNumber(day),
    settingsVersion,
    teamId: on?.teamId ?? null,
    employed: on?.employed ?? false,
    caseloadStaff: on?.caseloadStaff ?? false,
    tiers,
    items: cap.items.map((i) => ({ itemId: i.itemId, kind: i.kind, hoursPerMonth: i.hoursPerMonth, startOn: i.startOn, endOn: i.endOn })),
    clients,
    weightedHours,
    otherHours: cap.otherHours,
    workloadHours,
    fte: cap.fte,
    caseHoursPerFte: settings.caseHoursPerFte,
    baseCapacityHours: cap.baseCapacityHours,
    reductions: cap.reductions.map((r) => ({
      reductionId: r.reductionId,
      reason: r.reason,
      percent: r.percent,
      hoursPerMonth: r.hoursPerMonth,
      startOn: r.startOn,
      endOn: r.endOn,
    })),
    reductionPercent: cap.reductionPercent,
    reductionHours: cap.reductionHours,
    capacityHours: cap.capacityHours,
    loadRatio,
    band,
    daysOverCapacity90: row?.daysOverCapacity90 ?? 0,
    sentence: '',
  };
  out.sentence = explanationSentence(out);
  return out;
}

/**
 * One sentence a supervisor can read: "124% of capacity: 41 clients need 118.5 h a
 * month, intake duty adds 8 h; a 0.8 FTE post is 88 h, less 20% for training".
 */
export function explanationSentence(e: Omit<Explanation, 'sentence'>): string {
  const lead =
    e.loadRatio !== null
      ? `${Math.round(e.loadRatio * 100)}% of capacity`
      : !e.employed
        ? 'Not employed on this date, so no capacity'
        : !e.caseloadStaff
          ? 'No caseload FTE on this date, so no capacity'
          : 'No capacity on this date';
  const work = [
    `${e.clients} ${e.clients === 1 ? 'client needs' : 'clients need'} ${hoursText(e.weightedHours)} a month`,
    ...e.items.map((i) => `${WORKLOAD_KIND_LABEL[i.kind]} adds ${hoursText(i.hoursPerMonth)}`),
  ].join(', ');
  let capacity = '';
  if (e.caseloadStaff) {
    capacity = `a ${fteText(e.fte)} FTE post is ${hoursText(e.baseCapacityHours)}`;
    const less = e.reductions.map((r) =>
      r.percent !== null
        ? `${pctText(r.percent)} for ${REDUCTION_REASON_LABEL[r.reason]}`
        : `${hoursText(r.hoursPerMonth ?? 0)} for ${REDUCTION_REASON_LABEL[r.reason]}`,
    );
    if (less.length) capacity += `, less ${less.join(' and ')}`;
    if (less.length) capacity += ` = ${hoursText(e.capacityHours)}`;
    if (e.capacityHours === 0 && e.clients > 0) capacity += `; the clients need cover`;
  }
  return `${lead}: ${work}${capacity ? `; ${capacity}` : ''}.`;
}

// ---------------------------------------------------------------- capacity changes ahead

/** Changes that start or end within this many days after D. */
export const CAPACITY_CHANGES_DAYS = 30;

export interface CapacityChange {
  staffId: string;
  /** team(s, D), or the team on the change's day for a member not employed on D */
  teamId: string | null;
  kind: 'reduction' | 'item' | 'period';
  /** reduction_id, item_id, or the period's start_on */
  id: string;
  change: 'starts' | 'ends';
  /** the first day with the change in force (start_on; end_on, the first day without) */
  on: DateString;
  /** what changes, in words */
  detail: string;
  loadRatioBefore: number | null;
  loadRatioAfter: number | null;
}

export interface CapacityChangesInput extends Standard9Rows {
  asOf: DateString;
  settingsVersion: number;
  /** list only members of these teams (on D or on the change's day); null/undefined: all */
  teamIds?: string[] | null;
}

export interface CapacityChanges {
  asOf: DateString;
  settingsVersion: number;
  /** the last day looked at: D + 30 */
  until: DateString;
  changes: CapacityChange[];
}

/**
 * Reductions, workload items and periods that start or end in (D, D + 30], with the
 * member's ratio on D and on the day the change takes effect; by day, staff_id, kind, id.
 */
export function computeCapacityChanges(input: CapacityChangesInput): CapacityChanges {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  const last = day + CAPACITY_CHANGES_DAYS;
  const within = (d: DateString | null): d is DateString => d !== null && dayNumber(d) > day && dayNumber(d) <= last;

  const weightedOn = new Map<number, Map<string, number>>();
  const weighted = (staffId: string, d: number) => {
    let byStaff = weightedOn.get(d);
    if (!byStaff) {
      byStaff = new Map([...loadsOn(index, d).byStaff].map(([id, l]) => [id, l.weightedHours]));
      weightedOn.set(d, byStaff);
    }
    return byStaff.get(staffId) ?? 0;
  };
  const ratioOn = (staffId: string, d: number) =>
    rate(weighted(staffId, d) + index.otherHours(staffId, d), index.capacityHours(staffId, d));

  const changes: CapacityChange[] = [];
  const add = (
    staffId: string,
    kind: CapacityChange['kind'],
    id: string,
    change: CapacityChange['change'],
    on: DateString,
    detail: string,
  ) => {
    const onDay = dayNumber(on);
    const teamId = index.staffOn(staffId, day)?.employed ? index.teamOn(staffId, day) : index.teamOn(staffId, onDay);
    const teamAfter = index.teamOn(staffId, onDay);
    if (
      input.teamIds &&
      !(teamId !== null && input.teamIds.includes(teamId)) &&
      !(teamAfter !== null && input.teamIds.includes(teamAfter))
    ) {
      return;
    }
    changes.push({
      staffId,
      teamId,
      kind,
      id,
      change,
      on,
      detail,
      loadRatioBefore: ratioOn(staffId, day),
      loadRatioAfter: ratioOn(staffId, onDay),
    });
  };
  for (const staffId of index.staffIds) {
    const { periods, reductions, items } = index.staffSpans(staffId);
    for (const r of reductions) {
      const what = `${r.percent !== null ? pctText(r.percent) : `${hoursText(r.hoursPerMonth ?? 0)} a month`} for ${REDUCTION_REASON_LABEL[r.reason]}`;
      if (within(r.startOn)) add(staffId, 'reduction', r.reductionId, 'starts', r.startOn, what);
      if (within(r.endOn)) add(staffId, 'reduction', r.reductionId, 'ends', r.endOn, what);
    }
    for (const i of items) {
      const what = `${WORKLOAD_KIND_LABEL[i.kind]}, ${hoursText(i.hoursPerMonth)} a month`;
      if (within(i.startOn)) add(staffId, 'item', i.itemId, 'starts', i.startOn, what);
      if (within(i.endOn)) add(staffId, 'item', i.itemId, 'ends', i.endOn, what);
    }
    for (const p of periods) {
      const what = `${fteText(p.caseloadFte)} FTE${p.teamId ? ` in ${p.teamId}` : ''}`;
      if (within(p.startOn)) add(staffId, 'period', p.startOn, 'starts', p.startOn, what);
      if (within(p.endOn)) add(staffId, 'period', p.startOn, 'ends', p.endOn, what);
    }
  }
  const kindOrder = { period: 0, reduction: 1, item: 2 };
  changes.sort(
    (a, b) =>
      (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) ||
      (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0) ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      (a.change === b.change ? 0 : a.change === 'ends' ? -1 : 1),
  );
  return { asOf: input.asOf, settingsVersion: input.settingsVersion, until: fromDayNumber(last), changes };
}

// ---------------------------------------------------------------- capacity timeline

export interface TimelinePoint {
  /** the day (month ends, D, and D's following month ends) */
  on: DateString;
  teamId: string | null;
  employed: boolean;
  fte: number;
  baseCapacityHours: number;
  reductionPercent: number;
  reductionHours: number;
  capacityHours: number;
  otherHours: number;
  weightedHours: number;
  workloadHours: number;
  loadRatio: number | null;
}

export interface CapacityTimeline {
  staffId: string;
  asOf: DateString;
  settingsVersion: number;
  /** the month ends of the 12 months up to D, D itself, and the next 3 month ends */
  points: TimelinePoint[];
  periods: Array<{ startOn: DateString; endOn: DateString | null; caseloadFte: number; teamId: string | null }>;
  reductions: Explanation['reductions'];
  items: Explanation['items'];
}

export interface TimelineInput extends Standard9Rows {
  asOf: DateString;
  settingsVersion: number;
  staffId: string;
}

/** The month ends of the 12 months before D's month, D, and the next 3 month ends. */
export function timelineDays(asOf: DateString): DateString[] {
  const days: DateString[] = [];
  let cursor = addDays(`${asOf.slice(0, 7)}-01`, -1);
  for (let i = 0; i < 12; i++) {
    days.unshift(cursor);
    cursor = addDays(`${cursor.slice(0, 7)}-01`, -1);
  }
  days.push(asOf);
  cursor = monthEnd(asOf);
  for (let i = 0; i < 3; i++) {
    if (cursor !== asOf) days.push(cursor);
    else i--;
    cursor = monthEnd(addDays(cursor, 1));
  }
  return days;
}

/** A member's capacity over the last 12 months and the next 3: FTE, reductions, items, load. */
export function computeCapacityTimeline(input: TimelineInput): CapacityTimeline {
  const index = new Standard9Index(input);
  const points = timelineDays(input.asOf).map((on): TimelinePoint => {
    const d = dayNumber(on);
    const st = index.staffOn(input.staffId, d);
    const cap = index.capacityOn(input.staffId, d);
    const weightedHours = loadsOn(index, d).byStaff.get(input.staffId)?.weightedHours ?? 0;
    const workloadHours = weightedHours + cap.otherHours;
    return {
      on,
      teamId: st?.teamId ?? null,
      employed: st?.employed ?? false,
      fte: cap.fte,
      baseCapacityHours: cap.baseCapacityHours,
      reductionPercent: cap.reductionPercent,
      reductionHours: cap.reductionHours,
      capacityHours: cap.capacityHours,
      otherHours: cap.otherHours,
      weightedHours,
      workloadHours,
      loadRatio: rate(workloadHours, cap.capacityHours),
    };
  });
  const first = points[0]?.on ?? input.asOf;
  const lastOn = points[points.length - 1]?.on ?? input.asOf;
  const overlaps = (s: { startOn: DateString; endOn: DateString | null }) => s.startOn <= lastOn && (s.endOn === null || s.endOn > first);
  const spans = index.staffSpans(input.staffId);
  return {
    staffId: input.staffId,
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    points,
    periods: spans.periods.filter(overlaps).map(({ startOn, endOn, caseloadFte, teamId }) => ({ startOn, endOn, caseloadFte, teamId })),
    reductions: spans.reductions.filter(overlaps).map((r) => ({
      reductionId: r.reductionId,
      reason: r.reason,
      percent: r.percent,
      hoursPerMonth: r.hoursPerMonth,
      startOn: r.startOn,
      endOn: r.endOn,
    })),
    items: spans.items
      .filter(overlaps)
      .map((i) => ({ itemId: i.itemId, kind: i.kind, hoursPerMonth: i.hoursPerMonth, startOn: i.startOn, endOn: i.endOn })),
  };
}

// ---------------------------------------------------------------- calibration

/** A contact as calibration reads it: any mode; minutes may be missing. */
export interface CalibrationContactRow {
  clientId: string;
  occurredOn: DateString;
  minutes: number | null;
}

export interface CalibrationInput {
  from: DateString;
  to: DateString;
  settings: Settings;
  settingsVersion: number;
  clients: ClientRow[];
  assignments: AssignmentRow[];
  assessments: AssessmentRow[];
  contacts: CalibrationContactRow[];
}

export interface CalibrationTier {
  tier: TierKey;
  clientMonths: number;
  contacts: number;
  contactsWithMinutes: number;
  contactMinutes: number;
  /** contactMinutes ÷ 60 ÷ clientMonths; null with no client-months */
  observedHours: number | null;
  modelHours: number;
  /** observedHours × scale; null when either is null */
  suggestedHours: number | null;
}

export interface Calibration {
  from: DateString;
  to: DateString;
  settingsVersion: number;
  /** the month ends inside [from, to] */
  monthEnds: DateString[];
  tiers: CalibrationTier[];
  /** Σ clientMonths·modelHours ÷ Σ clientMonths·observedHours over tiers with client-months */
  scale: number | null;
  /** Σ contactsWithMinutes ÷ Σ contacts */
  minutesCoverage: number | null;
}

/** The month ends (calendar months' last days) inside [from, to]. */
export function monthEndsWithin(from: DateString, to: DateString): DateString[] {
  const out: DateString[] = [];
  let e = monthEnd(from);
  while (e <= to) {
    out.push(e);
    e = monthEnd(addDays(e, 1));
  }
  return out;
}

/** Model hours against observed contact time per tier (metrics.md "Workload calibration"). */
export function computeCalibration(input: CalibrationInput): Calibration {
  if (input.to < input.from) throw new RangeError(`the period ends (${input.to}) before it starts (${input.from})`);
  const index = new Standard9Index({
    settings: input.settings,
    staff: [],
    clients: input.clients,
    assignments: input.assignments,
    assessments: input.assessments,
  });
  // contacts by (client, month)
  const byClientMonth = new Map<string, { contacts: number; withMinutes: number; minutes: number }>();
  for (const c of input.contacts) {
    const key = `${c.clientId}\u0000${monthOf(c.occurredOn)}`;
    let t = byClientMonth.get(key);
    if (!t) byClientMonth.set(key, (t = { contacts: 0, withMinutes: 0, minutes: 0 }));
    t.contacts += 1;
    if (c.minutes !== null) {
      t.withMinutes += 1;
      t.minutes += c.minutes;
    }
  }
  const acc = new Map(TIER_KEYS.map((t) => [t, { clientMonths: 0, contacts: 0, contactsWithMinutes: 0, contactMinutes: 0 }]));
  const monthEnds = monthEndsWithin(input.from, input.to);
  for (const e of monthEnds) {
    const month = monthOf(e);
    for (const c of index.clientsOn(dayNumber(e))) {
      if (c.holder === null) continue;
      const a = acc.get(c.tier) as NonNullable<ReturnType<typeof acc.get>>;
      a.clientMonths += 1;
      const t = byClientMonth.get(`${c.timeline.client.clientId}\u0000${month}`);
      if (t) {
        a.contacts += t.contacts;
        a.contactsWithMinutes += t.withMinutes;
        a.contactMinutes += t.minutes;
      }
    }
  }
  const rows = TIER_KEYS.map((tier) => {
    const a = acc.get(tier) as NonNullable<ReturnType<typeof acc.get>>;
    return {
      tier,
      ...a,
      observedHours: a.clientMonths === 0 ? null : a.contactMinutes / 60 / a.clientMonths,
      modelHours: input.settings.tierHours[tier],
    };
  });
  let modelTotal = 0;
  let observedTotal = 0;
  let contacts = 0;
  let withMinutes = 0;
  for (const r of rows) {
    contacts += r.contacts;
    withMinutes += r.contactsWithMinutes;
    if (r.clientMonths === 0) continue;
    modelTotal += r.clientMonths * r.modelHours;
    observedTotal += r.clientMonths * (r.observedHours as number);
  }
  const scale = rate(modelTotal, observedTotal);
  return {
    from: input.from,
    to: input.to,
    settingsVersion: input.settingsVersion,
    monthEnds,
    tiers: rows.map((r) => ({
      ...r,
      suggestedHours: r.observedHours === null || scale === null ? null : r.observedHours * scale,
    })),
    scale,
    minutesCoverage: rate(withMinutes, contacts),
  };
}
