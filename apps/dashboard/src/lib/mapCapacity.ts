/**
 * Capacity over time, for people (metrics.md "Why a load is what it is", "Capacity
 * changes ahead", "Workload calibration"): pure mappers from the API's answers to
 * the rows the pages draw. Every shown part is the report's own number; the mapper
 * only orders and labels them, and says when the parts do not add up (they must).
 */
import type { Calibration, CapacityChange, CapacityTimeline, Explanation, ReductionReason, TierKey, WorkloadKind } from '@caseload/metrics';
import { formatCount, formatHours, formatPercent } from './format.ts';
import { tierLabels } from './report.ts';

const reasonLabels: Record<ReductionReason, string> = {
  leave: 'Leave',
  training: 'Training',
  new_staff: 'New worker’s ramp-up',
  light_duty: 'Light duty',
  union: 'Union time',
  special_assignment: 'Special assignment',
  other: 'Other reduction',
};

const kindLabels: Record<WorkloadKind, string> = {
  intake: 'Intake duty',
  on_call: 'On-call',
  court: 'Court reports',
  group: 'Groups',
  training_others: 'Training others',
  committee: 'Committee work',
  other: 'Other work',
};

/** One line of the explanation: what, the arithmetic, and the hours (or ratio) it gives. */
export interface ExplanationLine {
  key: string;
  /** 'work' adds to the workload, 'capacity' to the capacity, 'total' a subtotal, 'result' the outcome */
  section: 'work' | 'capacity' | 'total' | 'result';
  label: string;
  detail: string;
  value: string;
}

const hours = (h: number) => formatHours(h);
const fte = (f: number) => (Number.isInteger(f) ? f.toFixed(1) : String(Number(f.toFixed(3))));
const shortDate = (d: string | null) => (d === null ? 'open-ended' : d);

/** The explanation's parts in the order they are computed. */
export function explanationLines(e: Explanation): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  for (const t of e.tiers) {
    if (t.clients === 0) continue;
    lines.push({
      key: `tier-${t.tier}`,
      section: 'work',
      label: `${tierLabels[t.tier]} clients`,
      detail: `${formatCount(t.clients)} × ${hours(t.hoursPerClient)}`,
      value: hours(t.hours),
    });
  }
  lines.push({
    key: 'case',
    section: 'total',
    label: 'Case work',
    detail: `${formatCount(e.clients)} clients`,
    value: hours(e.weightedHours),
  });
  for (const i of e.items) {
    lines.push({
      key: `item-${i.itemId}`,
      section: 'work',
      label: kindLabels[i.kind],
      detail: `${shortDate(i.startOn)} to ${shortDate(i.endOn)}`,
      value: `+ ${hours(i.hoursPerMonth)}`,
    });
  }
  lines.push({ key: 'workload', section: 'total', label: 'Workload', detail: 'case work + other work', value: hours(e.workloadHours) });
  lines.push({
    key: 'base',
    section: 'capacity',
    label: 'Post',
    detail: e.caseloadStaff
      ? `${fte(e.fte)} FTE × ${hours(e.caseHoursPerFte)}`
      : e.employed
        ? 'no caseload FTE on this date'
        : 'not employed on this date',
    value: hours(e.baseCapacityHours),
  });
  for (const r of e.reductions) {
    lines.push({
      key: `reduction-${r.reductionId}`,
      section: 'capacity',
      label: reasonLabels[r.reason],
      detail: `${shortDate(r.startOn)} until ${r.endOn === null ? 'further notice' : r.endOn}`,
      value: r.percent !== null ? `− ${formatCount(r.percent)}%` : `− ${hours(r.hoursPerMonth ?? 0)}`,
    });
  }
  lines.push({
    key: 'capacity',
    section: 'total',
    label: 'Capacity',
    detail:
      e.reductions.length === 0
        ? 'the post'
        : `${hours(e.baseCapacityHours)} × (1 − ${formatCount(Math.min(100, e.reductionPercent))}%) − ${hours(e.reductionHours)}, at least 0`,
    value: hours(e.capacityHours),
  });
  lines.push({
    key: 'ratio',
    section: 'result',
    label: 'Load',
    detail: e.capacityHours > 0 ? `${hours(e.workloadHours)} ÷ ${hours(e.capacityHours)}` : 'no capacity: the clients need cover',
    value: formatPercent(e.loadRatio),
  });
  lines.push({
    key: 'days',
    section: 'result',
    label: 'Days above 100%',
    detail: 'of the last 90',
    value: formatCount(e.daysOverCapacity90),
  });
  return lines;
}

/** Do the parts add up to the figures (tier hours to case work, items to other work, terms to capacity)? */
export function partsAddUp(e: Explanation): boolean {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const tierSum = e.tiers.reduce((n, t) => n + t.hours, 0);
  const itemSum = e.items.reduce((n, i) => n + i.hoursPerMonth, 0);
  const percent = e.reductions.reduce((n, r) => n + (r.percent ?? 0), 0);
  const hoursOff = e.reductions.reduce((n, r) => n + (r.hoursPerMonth ?? 0), 0);
  const capacity =
    percent === 0 && hoursOff === 0
      ? e.baseCapacityHours
      : Math.max(0, e.baseCapacityHours * (1 - Math.min(100, percent) / 100) - hoursOff);
  return (
    close(tierSum, e.weightedHours) &&
    close(itemSum, e.otherHours) &&
    close(e.weightedHours + e.otherHours, e.workloadHours) &&
    close(capacity, e.capacityHours) &&
    (e.loadRatio === null ? e.capacityHours === 0 : close(e.workloadHours / e.capacityHours, e.loadRatio))
  );
}

/**
 * A caseload row's ratio in words, from the row alone: "99.5 h (91.5 h case work + 8 h
 * other) ÷ 66 h (110 h post − 40% − 0 h)". Used as the tooltip of every load ratio.
 */
export function ratioParts(row: {
  weightedHours: number;
  otherHours?: number;
  workloadHours?: number;
  capacityHours: number;
  baseCapacityHours?: number;
  reductionPercent?: number;
  reductionHours?: number;
  loadRatio: number | null;
}): string {
  const other = row.otherHours ?? 0;
  const workload = row.workloadHours ?? row.weightedHours + other;
  const work = other > 0 ? `${hours(workload)} (${hours(row.weightedHours)} case work + ${hours(other)} other work)` : hours(workload);
  const percent = row.reductionPercent ?? 0;
  const off = row.reductionHours ?? 0;
  const reduced = percent > 0 || off > 0;
  const base = row.baseCapacityHours ?? row.capacityHours;
  const cap = reduced
    ? `${hours(row.capacityHours)} (${hours(base)} post${percent > 0 ? ` − ${formatCount(Math.min(100, percent))}%` : ''}${off > 0 ? ` − ${hours(off)}` : ''})`
    : hours(row.capacityHours);
  if (row.capacityHours === 0) return `no capacity: ${work} need cover${reduced ? ` (${hours(base)} post, fully reduced)` : ''}`;
  return `${formatPercent(row.loadRatio)} = ${work} ÷ ${cap}`;
}

// ---------------------------------------------------------------- capacity timeline

export interface TimelineRow {
  on: string;
  /** 'YYYY-MM' or the as-of date itself */
  label: string;
  ahead: boolean;
  isAsOf: boolean;
  teamId: string | null;
  employed: boolean;
  fte: number;
  capacityHours: number;
  baseCapacityHours: number;
  workloadHours: number;
  otherHours: number;
  reductionText: string;
  loadRatio: number | null;
  /** load in percent for the chart (null: no capacity) */
  loadPercent: number | null;
}

export function timelineRows(t: CapacityTimeline): TimelineRow[] {
  return t.points.map((p) => ({
    on: p.on,
    label: p.on === t.asOf ? `${p.on} (as of)` : p.on.slice(0, 7),
    ahead: p.on > t.asOf,
    isAsOf: p.on === t.asOf,
    teamId: p.teamId,
    employed: p.employed,
    fte: p.fte,
    capacityHours: p.capacityHours,
    baseCapacityHours: p.baseCapacityHours,
    workloadHours: p.workloadHours,
    otherHours: p.otherHours,
    reductionText:
      p.reductionPercent === 0 && p.reductionHours === 0
        ? '—'
        : [
            p.reductionPercent > 0 ? `${formatCount(Math.min(100, p.reductionPercent))}%` : null,
            p.reductionHours > 0 ? hours(p.reductionHours) : null,
          ]
            .filter(Boolean)
            .join(' + '),
    loadRatio: p.loadRatio,
    loadPercent: p.loadRatio === null ? null : Math.round(p.loadRatio * 1000) / 10,
  }));
}

/** The spans (periods, reductions, items) of the timeline as one list, by start. */
export function timelineSpans(
  t: CapacityTimeline,
  teamName: (teamId: string) => string = (id) => id,
): Array<{ key: string; what: string; from: string; to: string }> {
  return [
    ...t.periods.map((p) => ({
      key: `p-${p.startOn}`,
      what: `${fte(p.caseloadFte)} FTE${p.teamId ? `, ${teamName(p.teamId)}` : ''}`,
      from: p.startOn,
      to: p.endOn ?? 'open-ended',
    })),
    ...t.reductions.map((r) => ({
      key: `r-${r.reductionId}`,
      what: `${reasonLabels[r.reason]}: ${r.percent !== null ? `${formatCount(r.percent)}%` : `${hours(r.hoursPerMonth ?? 0)} a month`}`,
      from: r.startOn,
      to: r.endOn ?? 'open-ended',
    })),
    ...t.items.map((i) => ({
      key: `i-${i.itemId}`,
      what: `${kindLabels[i.kind]}: ${hours(i.hoursPerMonth)} a month`,
      from: i.startOn,
      to: i.endOn ?? 'open-ended',
    })),
  ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.key < b.key ? -1 : 1));
}

// ---------------------------------------------------------------- capacity changes ahead

export interface ChangeRow {
  key: string;
  staffId: string;
  teamId: string | null;
  on: string;
  what: string;
  kindLabel: string;
  before: string;
  after: string;
  /** the change pushes the member over 100% (or leaves them with no capacity) */
  alarm: boolean;
  /** the change frees capacity */
  relief: boolean;
}

export function changeRows(changes: readonly CapacityChange[], staffLabel: (id: string) => string = (id) => id): ChangeRow[] {
  return changes.map((c) => {
    const after = c.loadRatioAfter;
    const before = c.loadRatioBefore;
    // worse and over 100% after (or no capacity at all): the supervisor should plan for it
    const alarm = (after === null && before !== null) || (after !== null && after > 1 && (before === null || after > before));
    const relief = (after !== null && before === null) || (after !== null && before !== null && after < before);
    return {
      key: `${c.on}|${c.staffId}|${c.kind}|${c.id}|${c.change}`,
      staffId: c.staffId,
      teamId: c.teamId,
      on: c.on,
      what: `${staffLabel(c.staffId)}: ${c.detail} ${c.change === 'starts' ? 'starts' : 'ends'}`,
      kindLabel: c.kind === 'period' ? 'Employment' : c.kind === 'reduction' ? 'Capacity reduction' : 'Workload item',
      before: before === null ? 'no capacity' : formatPercent(before),
      after: after === null ? 'no capacity' : formatPercent(after),
      alarm,
      relief,
    };
  });
}

// ---------------------------------------------------------------- calibration

export interface CalibrationRow {
  tier: TierKey;
  label: string;
  clientMonths: number;
  contacts: number;
  coverage: number | null;
  observedHours: number | null;
  modelHours: number;
  suggestedHours: number | null;
  /** the suggestion, rounded to 0.05 h as a settings value */
  suggestedSetting: number | null;
}

/** Suggested hours are rounded to 0.05 h for the settings editor (a person types hours, not 15 digits). */
export function roundHours(h: number): number {
  return Math.round(h * 20) / 20;
}

export function calibrationRows(c: Calibration): CalibrationRow[] {
  return c.tiers.map((t) => ({
    tier: t.tier,
    label: tierLabels[t.tier],
    clientMonths: t.clientMonths,
    contacts: t.contacts,
    coverage: t.contacts === 0 ? null : t.contactsWithMinutes / t.contacts,
    observedHours: t.observedHours,
    modelHours: t.modelHours,
    suggestedHours: t.suggestedHours,
    suggestedSetting: t.suggestedHours === null ? null : roundHours(t.suggestedHours),
  }));
}

/**
 * The settings editor's address with the suggested tier hours filled in
 * (`/settings?tierHours.1=1.15&…`); tiers without a suggestion keep their value.
 */
export function settingsLink(rows: readonly CalibrationRow[]): string | null {
  const params = new URLSearchParams();
  for (const r of rows) if (r.suggestedSetting !== null) params.set(`tierHours.${r.tier}`, String(r.suggestedSetting));
  const text = params.toString();
  return text === '' ? null : `/settings?${text}`;
}

/** Σ clientMonths × hours of the model and of the suggestion (the suggestion keeps the total). */
export function calibrationTotals(rows: readonly CalibrationRow[]): { model: number; suggested: number | null } {
  let model = 0;
  let suggested = 0;
  let any = false;
  for (const r of rows) {
    if (r.clientMonths === 0) continue;
    model += r.clientMonths * r.modelHours;
    if (r.suggestedHours !== null) {
      suggested += r.clientMonths * r.suggestedHours;
      any = true;
    }
  }
  return { model, suggested: any ? suggested : null };
}

// ---------------------------------------------------------------- members who need cover

export interface TeamCover {
  /** members of the team (caseload staff) with no capacity on the day: a full reduction such as leave */
  members: number;
  staffIds: string[];
  /** their clients, who need cover */
  clients: number;
  hours: number;
}

/**
 * Per team, the members counted in the team but with no capacity (post > 0, every hour
 * reduced away) and the clients they hold: the team view says so instead of hiding them.
 */
export function teamCover(
  staff: ReadonlyArray<{
    staffId: string;
    teamId: string | null;
    clients: number;
    weightedHours: number;
    capacityHours: number;
    baseCapacityHours?: number;
  }>,
): Map<string, TeamCover> {
  const out = new Map<string, TeamCover>();
  for (const s of staff) {
    if (s.teamId === null || s.capacityHours !== 0 || !((s.baseCapacityHours ?? 0) > 0)) continue;
    let c = out.get(s.teamId);
    if (!c) out.set(s.teamId, (c = { members: 0, staffIds: [], clients: 0, hours: 0 }));
    c.members += 1;
    c.staffIds.push(s.staffId);
    c.clients += s.clients;
    c.hours += s.weightedHours;
  }
  return out;
}
