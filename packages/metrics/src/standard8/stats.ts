/**
 * The statistics the Standard 8 formulas use: the same functions as Standard 9's
 * (a rate with a zero denominator is null; the mean and median of nothing are null).
 */
export { mean, median, rate } from '../stats.ts';
export { compareIds } from '../tier.ts';
