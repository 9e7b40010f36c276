/**
 * Number formatting for people who will be held to the numbers: every ratio is
 * shown with its numerator and denominator, and a withheld (suppressed) cell says
 * so in words instead of pretending to be zero.
 */

const hoursFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Shown in place of any value withheld by small-cell suppression (Standard 4). */
export function suppressedText(minCellSize: number): string {
  return `fewer than ${minCellSize}`;
}

/**
 * Shown in place of a value withheld by complementary suppression: it is not small
 * itself, but withheld so that a small one cannot be worked out from it. The short
 * label of a table cell, explained by complementaryNote beneath the table; CSVs, which
 * have no footnotes, carry the long words.
 */
export function complementaryText(short = true): string {
  return short ? 'withheld †' : 'withheld so a small number cannot be worked out';
}

/** True when a shown text is a withheld cell's words (small or complementary), not a figure. */
export function isWithheldText(text: string): boolean {
  return text.startsWith('fewer than') || text.startsWith('withheld');
}

/** The footnote under a table or tile group with a complementaryText cell. */
export const complementaryNote = '† withheld so a small number cannot be worked out from it: the figure itself is not small.';

/** 1245.5 → "1,245.5 h" */
export function formatHours(hours: number): string {
  return `${hoursFormat.format(hours)} h`;
}

/** 1300 → "1,300" */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** 1.0387 → "104%"; null (no denominator) → "—" */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${countFormat.format(Math.round(ratio * 100))}%`;
}

/** A coefficient such as the balance cv: 0.1234 → "0.12"; null → "—" */
export function formatDecimal(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return twoDecimals.format(value);
}

/**
 * A load ratio with the arithmetic behind it, e.g.
 * "104% = 1,245.5 h ÷ 1,199 h". Zero capacity has no ratio and says why.
 */
export function loadRatioText(weightedHours: number, capacityHours: number): string {
  if (capacityHours === 0) return `no capacity (${hoursRatioText(weightedHours, capacityHours)})`;
  return `${formatPercent(weightedHours / capacityHours)} = ${hoursRatioText(weightedHours, capacityHours)}`;
}

/** The numerator and denominator alone: "1,245.5 h ÷ 1,199 h". */
export function hoursRatioText(weightedHours: number, capacityHours: number): string {
  return `${formatHours(weightedHours)} ÷ ${formatHours(capacityHours)}`;
}

/** A rate with its counts, e.g. "92% = 230 ÷ 250"; no denominator → "— (none due)". */
export function rateText(numerator: number, denominator: number): string {
  if (denominator === 0) return '— (none due)';
  return `${formatPercent(numerator / denominator)} = ${formatCount(numerator)} ÷ ${formatCount(denominator)}`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/** 'YYYY-MM-DD' (an agency calendar date) → "November 23, 2026". */
export function formatDate(date: string): string {
  const parsed = parseIsoDate(date);
  return parsed === null ? date : dateFormat.format(parsed);
}

/** A strict 'YYYY-MM-DD' calendar date, or null when it is not one. */
export function parseIsoDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === value ? date : null;
}
