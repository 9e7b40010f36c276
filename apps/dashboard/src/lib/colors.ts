/**
 * Colours, each checked for contrast on white: band colours ≥ 4.5:1 (they are
 * also used for text), tier fills ≥ 3:1 (WCAG 1.4.11 for graphics). Colour is
 * never the only carrier: every band and tier is also written out.
 */
import type { Band, TierKey } from './report.ts';

export const bandColors: Record<Band, string> = {
  under: '#3b6ea5', // 5.3:1
  balanced: '#2f7d4a', // 5.1:1
  over: '#b25e09', // 4.7:1
  critical: '#b42318', // 6.6:1
};

/** neutral bar when the band thresholds are not known */
export const unbandedColor = '#52606d'; // 6.5:1

/** light to dark with acuity: tier 1 lightest, tier 4 darkest; unassessed grey */
export const tierColors: Record<TierKey, string> = {
  '1': '#6b7fc4', // 3.9:1
  '2': '#4f63b8', // 5.5:1
  '3': '#36439a', // 8.7:1
  '4': '#241d6b', // 14.4:1
  unassessed: '#7a7f87', // 4.0:1
};

export const inkColor = '#1f2933';
export const gridColor = '#dde3ea';

/** Other work (workload items): hatched grey after the tiers, so it reads as not case work. */
export const otherWorkColor = '#9aa5b1';
