/**
 * The settings preview in words: what a proposed settings document would move
 * (settings.preview, computed by the server with the proposal, nothing saved), as the
 * lines the Settings page shows before saving. Pure.
 */
import type { Band } from '@caseload/metrics';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { bandLabels } from '../../lib/report.ts';

interface Figures {
  loadRatio: number | null;
  band: Band | null;
  overCount: number;
  contactRate: number | null;
  reassessRate: number | null;
  reassessOverdue: number;
}

export interface PreviewLike {
  asOf: string;
  agency: { members: number; before: Figures; after: Figures };
  teams: Array<{ teamId: string; before: Figures; after: Figures }>;
  staffBandChanges: Array<{
    staffId: string;
    teamId: string | null;
    before: { loadRatio: number | null; band: Band | null };
    after: { loadRatio: number | null; band: Band | null };
  }>;
}

interface PreviewLine {
  label: string;
  before: string;
  after: string;
  /** whether the shown value moves (a line that does not is still shown for the agency load) */
  moves: boolean;
}

interface PreviewPerson {
  name: string;
  team: string | null;
  before: string;
  after: string;
}

export interface PreviewText {
  agency: PreviewLine[];
  /** teams whose band changes */
  teams: PreviewLine[];
  newlyOver: PreviewPerson[];
  noLongerOver: PreviewPerson[];
  /** other band changes (under ↔ balanced, over ↔ critical) */
  otherMoves: PreviewPerson[];
}

const bandText = (band: Band | null) => (band === null ? 'no capacity' : bandLabels[band].toLowerCase());
const loadText = (f: { loadRatio: number | null; band: Band | null }) => `${formatPercent(f.loadRatio)} (${bandText(f.band)})`;
const isOver = (band: Band | null) => band === 'over' || band === 'critical';

function line(label: string, before: string, after: string): PreviewLine {
  return { label, before, after, moves: before !== after };
}

/** The preview as the lines shown: the agency's load always, its other figures and the teams' bands when they move. */
export function previewText(
  preview: PreviewLike,
  names: { teams: ReadonlyMap<string, string>; staff: ReadonlyMap<string, string> },
): PreviewText {
  const a = preview.agency;
  const agency = [
    line('Agency load', loadText(a.before), loadText(a.after)),
    line(
      'Members over capacity',
      `${formatCount(a.before.overCount)} of ${formatCount(a.members)}`,
      `${formatCount(a.after.overCount)} of ${formatCount(a.members)}`,
    ),
    line('Clients with contact standards met', formatPercent(a.before.contactRate), formatPercent(a.after.contactRate)),
    line('Reassessments overdue', formatCount(a.before.reassessOverdue), formatCount(a.after.reassessOverdue)),
  ].filter((l, i) => i === 0 || l.moves);
  const teams = preview.teams
    .filter((t) => t.before.band !== t.after.band)
    .map((t) => line(names.teams.get(t.teamId) ?? t.teamId, loadText(t.before), loadText(t.after)));
  const person = (s: PreviewLike['staffBandChanges'][number]): PreviewPerson => ({
    name: names.staff.get(s.staffId) ?? s.staffId,
    team: s.teamId === null ? null : (names.teams.get(s.teamId) ?? s.teamId),
    before: loadText(s.before),
    after: loadText(s.after),
  });
  const changes = preview.staffBandChanges;
  return {
    agency,
    teams,
    newlyOver: changes.filter((s) => isOver(s.after.band) && !isOver(s.before.band)).map(person),
    noLongerOver: changes.filter((s) => isOver(s.before.band) && !isOver(s.after.band)).map(person),
    otherMoves: changes.filter((s) => isOver(s.before.band) === isOver(s.after.band)).map(person),
  };
}

/**
 * The settings a change touches that enter none of the previewed figures, in words
 * (so the preview does not read as "nothing moves" when, say, the pass score changed).
 */
export function notPreviewed(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    if (p === 'qaPassScore') out.add('the quality review pass rate (Quality reviews page)');
    else if (p === 'minCellSize') out.add('which board figures are withheld');
    else if (p === 'protectTiers') out.add('rebalancing proposals');
    else if (p === 'timeZone') out.add('what “today” is and when months end');
    else if (p === 'initialAssessmentDays' || p.startsWith('reassessmentDays.')) continue;
    else if (p === 'staleAfterDays') out.add('when the freshness line warns');
    else if (p === 'importSchedule') out.add('when the drop folder imports');
    else if (p === 'forecastHistoryMonths') out.add('the staffing forecast (Staffing forecast page)');
  }
  return [...out];
}

/** The draft's proposal as settings.preview takes it: the settings document without its caseload standards. */
export function previewInput<T extends { caseloadStandards?: unknown }>(settings: T): Omit<T, 'caseloadStandards'> {
  const { caseloadStandards: _standards, ...rest } = settings;
  return rest;
}
