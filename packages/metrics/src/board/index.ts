/**
 * The board report's words: the direction of a change between two periods
 * and plain-language sentences built from the headline figures. Pure: no I/O.
 *
 * Displayed precision, which also decides "unchanged":
 * - 'rate' and 'ratio' are shown as whole percentage points (0.974 → 97%);
 * - 'count' as whole numbers;
 * - 'days' to one decimal (a median of days can end in .5).
 * Two values that display the same are "unchanged", whatever their unrounded difference.
 *
 * A withheld (suppressed) figure is never written as a number and never yields a
 * direction: its sentence says it is withheld for small numbers. A figure that does not
 * exist (no denominator, no data) says so, without a number either.
 */

export type FigureKind = 'rate' | 'ratio' | 'count' | 'days';
export type Change = 'up' | 'down' | 'unchanged';

export interface BoardFigure {
  kind: FigureKind;
  /** null when withheld or when there is nothing to compute it from */
  current: number | null;
  previous: number | null;
  /** the current / previous value was withheld for small numbers */
  currentSuppressed: boolean;
  previousSuppressed: boolean;
  /**
   * present (true) when the current / previous value is withheld although it is not
   * small itself: withheld so that a small number cannot be worked out from it
   */
  currentComplementary?: true;
  previousComplementary?: true;
  /** describeChange of the displayed values; null when either side is missing or withheld */
  change: Change | null;
}

/** The value as displayed, as a number: percent points for rates and ratios, whole counts, days to 0.1. */
export function displayedValue(value: number, kind: FigureKind): number {
  switch (kind) {
    case 'rate':
    case 'ratio':
      return Math.round(value * 100);
    case 'count':
      return Math.round(value);
    case 'days':
      return Math.round(value * 10) / 10;
  }
}

/** The value as written in a sentence: "104%", "3", "12.5 days". */
export function formatFigure(value: number, kind: FigureKind): string {
  const v = displayedValue(value, kind);
  switch (kind) {
    case 'rate':
    case 'ratio':
      return `${v}%`;
    case 'count':
      return String(v);
    case 'days':
      return `${v} ${v === 1 ? 'day' : 'days'}`;
  }
}

/**
 * 'up', 'down' or 'unchanged' comparing the displayed values; null when either value is
 * missing (null) — a withheld figure is passed as null and gives no direction.
 */
export function describeChange(current: number | null, previous: number | null, options: { kind: FigureKind }): Change | null {
  if (current === null || previous === null) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const c = displayedValue(current, options.kind);
  const p = displayedValue(previous, options.kind);
  if (c > p) return 'up';
  if (c < p) return 'down';
  return 'unchanged';
}

/** A figure from its two values and suppression marks, with the change worked out. */
export function boardFigure(
  kind: FigureKind,
  current: number | null,
  previous: number | null,
  currentSuppressed = false,
  previousSuppressed = false,
  complementary: { current?: boolean; previous?: boolean } = {},
): BoardFigure {
  const cur = currentSuppressed ? null : current;
  const prev = previousSuppressed ? null : previous;
  const figure: BoardFigure = {
    kind,
    current: cur,
    previous: prev,
    currentSuppressed,
    previousSuppressed,
    change: describeChange(cur, prev, { kind }),
  };
  if (currentSuppressed && complementary.current) figure.currentComplementary = true;
  if (previousSuppressed && complementary.previous) figure.previousComplementary = true;
  return figure;
}

export interface SentenceOptions {
  /** the subject, capitalised: "Weighted caseload" */
  label: string;
  /** the verb before the current value: "averaged", "was" (default "was") */
  verb?: string;
  /** written after the current value: "of capacity" */
  suffix?: string;
}

const WITHHELD = 'is withheld because it rests on numbers too small to show';
/** A value withheld for another's sake is not small: the sentence must not say it is. */
const WITHHELD_COMPLEMENTARY = 'is withheld so that a small number cannot be worked out from it';

/**
 * One sentence for one figure: "Weighted caseload averaged 104% of capacity, up from 97%."
 * Withheld figures say so and carry no number and no direction.
 */
export function figureSentence(figure: BoardFigure, options: SentenceOptions): string {
  const { label, verb = 'was', suffix } = options;
  const tail = suffix ? ` ${suffix}` : '';
  if (figure.currentSuppressed) return `${label}: this period's figure ${figure.currentComplementary ? WITHHELD_COMPLEMENTARY : WITHHELD}.`;
  if (figure.current === null) return `${label} has no figure for this period: there was nothing to count.`;
  const now = `${label} ${verb} ${formatFigure(figure.current, figure.kind)}${tail}`;
  if (figure.previousSuppressed)
    return `${now}; the previous period's figure ${figure.previousComplementary ? WITHHELD_COMPLEMENTARY : WITHHELD}.`;
  if (figure.previous === null) return `${now}; there is no figure for the previous period to compare.`;
  const before = formatFigure(figure.previous, figure.kind);
  switch (figure.change) {
    case 'up':
      return `${now}, up from ${before}.`;
    case 'down':
      return `${now}, down from ${before}.`;
    default:
      return `${now}, unchanged from the previous period.`;
  }
}

/**
 * Teams over capacity at every month end of the period, against the previous period:
 * "3 teams stayed over capacity all period, up from 1." Teams whose load was withheld
 * in some month (`teamsWithheld`) are not counted, and the sentence says so without a
 * number for them.
 */
export function teamsOverSentence(figure: BoardFigure, teamsWithheld: number): string {
  const n = figure.current ?? 0;
  const main =
    n === 0
      ? 'No team stayed over capacity all period'
      : n === 1
        ? '1 team stayed over capacity all period'
        : `${n} teams stayed over capacity all period`;
  const before =
    figure.previous === null
      ? ''
      : figure.previous === 0
        ? 'none'
        : figure.previous === 1
          ? '1 team'
          : `${formatFigure(figure.previous, 'count')} teams`;
  const compared =
    figure.change === 'up' || figure.change === 'down'
      ? `, ${figure.change} from ${before}`
      : figure.change === 'unchanged'
        ? ', unchanged from the previous period'
        : '';
  const note = teamsWithheld > 0 ? '; teams whose load is withheld for small numbers in some month are not counted' : '';
  return `${main}${compared}${note}.`;
}
