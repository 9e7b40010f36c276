/**
 * The agency settings form (metrics.md settings): each editable value with its
 * label, the text a person types, parsing back to a settings document, and the
 * list of changes (old → new) shown before saving and in the version history.
 * Pure. The server checks the document again (settings.update) and has the last
 * word; the checks here only say early, next to the field, what it would refuse.
 */
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '@caseload/clock';
import {
  DEFAULT_FORECAST_HISTORY_MONTHS,
  DEFAULT_STALE_AFTER_DAYS,
  FORECAST_HISTORY_MONTHS_MAX,
  FORECAST_HISTORY_MONTHS_MIN,
  type Settings,
  type Tier,
} from '@caseload/metrics';
import type { CsvTable } from '../../lib/csv.ts';

type NumberKind = 'hours' | 'days' | 'ratio' | 'score' | 'count' | 'months';

export interface FieldDef {
  /** dotted path in the settings document: 'tierHours.1', 'contactRules.3.anyDays' */
  path: string;
  group: string;
  label: string;
  kind: NumberKind;
  /** for a setting a document may leave out: the value it then has (shown, and compared, as that) */
  default?: number;
}

const tierLabel = (t: string) => (t === 'unassessed' ? 'Unassessed' : `Tier ${t}`);

export const settingsFields: readonly FieldDef[] = [
  ...(['1', '2', '3', '4', 'unassessed'] as const).map((t) => ({
    path: `tierHours.${t}`,
    group: 'Expected hours per client per month',
    label: tierLabel(t),
    kind: 'hours' as const,
  })),
  { path: 'caseHoursPerFte', group: 'Capacity', label: 'Case hours per caseload FTE per month', kind: 'hours' },
  { path: 'loadBands.balancedFrom', group: 'Load bands (load = weighted hours ÷ capacity)', label: 'Balanced from', kind: 'ratio' },
  { path: 'loadBands.balancedTo', group: 'Load bands (load = weighted hours ÷ capacity)', label: 'Over capacity above', kind: 'ratio' },
  { path: 'loadBands.overTo', group: 'Load bands (load = weighted hours ÷ capacity)', label: 'Critical above', kind: 'ratio' },
  ...(['1', '2', '3', '4', 'unassessed'] as const).flatMap((t) => [
    {
      path: `contactRules.${t}.anyDays`,
      group: 'Contact rules (days)',
      label: `${tierLabel(t)}: any contact within`,
      kind: 'days' as const,
    },
    {
      path: `contactRules.${t}.faceToFaceDays`,
      group: 'Contact rules (days)',
      label: `${tierLabel(t)}: face-to-face within`,
      kind: 'days' as const,
    },
  ]),
  ...(['1', '2', '3', '4'] as const).map((t) => ({
    path: `reassessmentDays.${t}`,
    group: 'Reassessment intervals (days)',
    label: tierLabel(t),
    kind: 'days' as const,
  })),
  { path: 'initialAssessmentDays', group: 'Reassessment intervals (days)', label: 'First assessment after enrolment', kind: 'days' },
  { path: 'qaPassScore', group: 'Quality and privacy', label: 'Quality review pass score (0–100)', kind: 'score' },
  { path: 'minCellSize', group: 'Quality and privacy', label: 'Minimum cell size (board figures)', kind: 'count' },
  {
    path: 'staleAfterDays',
    group: 'Data freshness and imports',
    label: 'Warn when the last import is older than (days)',
    kind: 'days',
    default: DEFAULT_STALE_AFTER_DAYS,
  },
  {
    path: 'forecastHistoryMonths',
    group: 'Staffing forecast',
    label: `Months of history the forecast learns from (${FORECAST_HISTORY_MONTHS_MIN}–${FORECAST_HISTORY_MONTHS_MAX})`,
    kind: 'months',
    default: DEFAULT_FORECAST_HISTORY_MONTHS,
  },
];

/** A cron expression of 5 (or, with seconds, 6) fields; the server checks it fully with its scheduler. */
const CRON_SHAPE = /^\S+(\s+\S+){4,5}$/;

export const protectTierOptions: readonly Tier[] = [1, 2, 3, 4];

export interface Draft {
  values: Record<string, string>;
  protectTiers: Tier[];
  /** the agency's time zone, an IANA name: decides "today" and month ends */
  timeZone: string;
  /** the drop folder's schedule, a cron expression; empty: import on arrival */
  importSchedule: string;
}

function get(doc: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);
}

function set(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = doc;
  keys.slice(0, -1).forEach((k) => {
    const next = o[k];
    if (next === null || typeof next !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  });
  const last = keys.at(-1);
  if (last !== undefined) o[last] = value;
}

export function toDraft(settings: Settings): Draft {
  const values: Record<string, string> = {};
  for (const f of settingsFields) {
    const v = get(settings, f.path);
    values[f.path] = typeof v === 'number' ? String(v) : f.default !== undefined ? String(f.default) : '';
  }
  return {
    values,
    protectTiers: [...settings.protectTiers].sort(),
    timeZone: settings.timeZone ?? DEFAULT_TIME_ZONE,
    importSchedule: settings.importSchedule ?? '',
  };
}

/**
 * A draft with values given in the address filled in (`?tierHours.1=1.15`: the
 * calibration page's suggestion). Only known fields are taken; nothing is saved until
 * the person saves, and the change list shows old → new as for any edit.
 */
export function prefillDraft(draft: Draft, search: URLSearchParams): { draft: Draft; filled: string[] } {
  const values = { ...draft.values };
  const filled: string[] = [];
  for (const f of settingsFields) {
    const given = search.get(f.path);
    if (given === null || given.trim() === '' || !Number.isFinite(Number(given))) continue;
    values[f.path] = given.trim();
    filled.push(f.path);
  }
  return { draft: { ...draft, values }, filled };
}

function checkValue(f: FieldDef, text: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'Enter a number.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `“${trimmed}” is not a number.` };
  switch (f.kind) {
    case 'hours':
      if (f.path === 'caseHoursPerFte') {
        return value > 0 && value <= 744 ? { value } : { error: 'Between 0 and 744 hours a month (more than 0).' };
      }
      return value >= 0 && value <= 200 ? { value } : { error: 'Between 0 and 200 hours per client per month.' };
    case 'days':
      if (f.path === 'staleAfterDays') {
        return Number.isInteger(value) && value >= 1 && value <= 365 ? { value } : { error: 'A whole number of days from 1 to 365.' };
      }
      return Number.isInteger(value) && value >= 1 && value <= 3650 ? { value } : { error: 'A whole number of days from 1 to 3650.' };
    case 'months':
      return Number.isInteger(value) && value >= FORECAST_HISTORY_MONTHS_MIN && value <= FORECAST_HISTORY_MONTHS_MAX
        ? { value }
        : { error: `A whole number of months from ${FORECAST_HISTORY_MONTHS_MIN} to ${FORECAST_HISTORY_MONTHS_MAX}.` };
    case 'ratio':
      return value > 0 && value <= 10 ? { value } : { error: 'A ratio such as 0.85 (more than 0, at most 10).' };
    case 'score':
      return value >= 0 && value <= 100 ? { value } : { error: 'A score from 0 to 100.' };
    case 'count':
      return Number.isInteger(value) && value >= 1 && value <= 1000 ? { value } : { error: 'A whole number of people from 1 to 1000.' };
  }
}

export interface Parsed {
  settings: Settings | null;
  /** field path → message; 'loadBands' for the order of the bands */
  errors: Record<string, string>;
}

/** The settings document the draft describes, or the problems with it. */
export function fromDraft(draft: Draft, base: Settings): Parsed {
  const doc = structuredClone(base) as unknown as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const f of settingsFields) {
    const r = checkValue(f, draft.values[f.path] ?? '');
    if ('error' in r) errors[f.path] = r.error;
    else set(doc, f.path, r.value);
  }
  set(doc, 'protectTiers', [...draft.protectTiers].sort());
  const zone = canonicalTimeZone(draft.timeZone.trim());
  if (zone === null) errors.timeZone = 'A time zone from the list, such as America/New_York or America/Chicago.';
  else set(doc, 'timeZone', zone);
  const schedule = draft.importSchedule.trim().replace(/\s+/g, ' ');
  if (schedule === '') set(doc, 'importSchedule', null);
  else if (!CRON_SHAPE.test(schedule) || schedule.length > 100) {
    errors.importSchedule = 'A cron expression of five fields, such as “0 2 * * *” (02:00 every day), or empty to import on arrival.';
  } else set(doc, 'importSchedule', schedule);
  const settings = doc as unknown as Settings;
  const b = settings.loadBands;
  if (!errors['loadBands.balancedFrom'] && !errors['loadBands.balancedTo'] && !errors['loadBands.overTo']) {
    if (!(b.balancedFrom <= b.balancedTo && b.balancedTo <= b.overTo)) {
      errors.loadBands = 'Load bands must rise: balanced from ≤ over capacity above ≤ critical above.';
    }
  }
  return Object.keys(errors).length > 0 ? { settings: null, errors } : { settings, errors };
}

export interface Change {
  path: string;
  label: string;
  old: string;
  new: string;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((t) => `tier ${String(t)}`).join(', ');
  return String(v);
}

/** What changed between two settings documents, in form order, with labels. */
export function diffSettings(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  for (const f of settingsFields) {
    // a setting left out of a document has its default
    const a = get(before, f.path) ?? (before ? f.default : undefined);
    const b = get(after, f.path) ?? (after ? f.default : undefined);
    if (a !== b) changes.push({ path: f.path, label: `${f.group} — ${f.label}`, old: show(a), new: show(b) });
  }
  const pa = get(before, 'protectTiers');
  const pb = get(after, 'protectTiers');
  const norm = (v: unknown) => (Array.isArray(v) ? [...(v as number[])].sort().join(',') : '');
  if (norm(pa) !== norm(pb)) {
    changes.push({ path: 'protectTiers', label: 'Rebalancing — tiers never moved', old: show(pa), new: show(pb) });
  }
  // a document saved before the time zone was a setting was in the default zone
  const za = get(before, 'timeZone') ?? (before ? DEFAULT_TIME_ZONE : undefined);
  const zb = get(after, 'timeZone') ?? (after ? DEFAULT_TIME_ZONE : undefined);
  if (za !== zb) changes.push({ path: 'timeZone', label: 'Calendar — agency time zone', old: show(za), new: show(zb) });
  // no schedule (absent or null): the drop folder imports on arrival
  const scheduleText = (doc: unknown) => {
    const v = get(doc, 'importSchedule');
    return typeof v === 'string' && v !== '' ? v : 'on arrival';
  };
  if (before && after && scheduleText(before) !== scheduleText(after)) {
    changes.push({
      path: 'importSchedule',
      label: 'Data freshness and imports — drop folder schedule',
      old: scheduleText(before),
      new: scheduleText(after),
    });
  }
  return changes;
}

/** One entry of the settings history (an audit entry of a saved change). */
export interface HistoryEntryLike {
  at: string;
  actor: string;
  details: { fromVersion?: unknown; toVersion?: unknown; old?: unknown; new?: unknown };
}

/**
 * The version history table as CSV: one row per saved change, as on the page, its
 * changes written "label: old → new" and joined by "; ". Named with the version in
 * force (`currentVersion`) when it is known.
 */
export function settingsHistoryCsv(entries: readonly HistoryEntryLike[], currentVersion: number | null): CsvTable {
  const version = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    name: { table: 'settings-history', date: null, filters: {}, settingsVersion: currentVersion },
    header: ['from_version', 'to_version', 'saved_at_utc', 'by', 'changes'],
    rows: entries.map((e) => [
      version(e.details.fromVersion),
      version(e.details.toVersion),
      e.at,
      e.actor,
      diffSettings(e.details.old, e.details.new)
        .map((c) => `${c.label}: ${c.old} → ${c.new}`)
        .join('; '),
    ]),
  };
}
