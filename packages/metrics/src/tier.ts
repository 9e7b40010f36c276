/**
 * Acuity tier (metrics.md "Acuity tier"): Standard 9's acute, high-risk, multi-need
 * clients, from the client's latest assessment on or before the as-of date.
 */
import type { Tier, TierKey } from './settings.ts';
import type { AssessmentRow, DateString } from './types.ts';

/**
 * score = 2·adl + iadl + 3·cognitive + 2·livesAlone + 3·hospitalization + 4·aps + 2·behavioralHealth,
 * with null counted as 0 / false.
 */
export function acuityScore(a: AssessmentRow): number {
  return (
    2 * (a.adlDeficits ?? 0) +
    (a.iadlDeficits ?? 0) +
    (a.cognitiveImpairment ? 3 : 0) +
    (a.livesAlone ? 2 : 0) +
    (a.recentHospitalization ? 3 : 0) +
    (a.apsInvolvement ? 4 : 0) +
    (a.behavioralHealth ? 2 : 0)
  );
}

/** 1 if score ≤ 5, 2 if 6..11, 3 if 12..19, 4 if ≥ 20; APS involvement raises it to at least 3. */
export function tierFromScore(score: number, apsInvolvement: boolean): Tier {
  const tier: Tier = score <= 5 ? 1 : score <= 11 ? 2 : score <= 19 ? 3 : 4;
  return apsInvolvement && tier < 3 ? 3 : tier;
}

/** The assessment's tier: its acuity_tier override when set (used as is), else computed. */
export function assessmentTier(a: AssessmentRow): Tier {
  if (a.acuityTier !== null) {
    if (a.acuityTier !== 1 && a.acuityTier !== 2 && a.acuityTier !== 3 && a.acuityTier !== 4) {
      throw new RangeError(`assessment ${a.assessmentId}: acuity_tier ${a.acuityTier} is not 1–4`);
    }
    return a.acuityTier;
  }
  return tierFromScore(acuityScore(a), a.apsInvolvement === true);
}

/**
 * Byte-order comparison of two ids. Ids are 1–64 characters of [A-Za-z0-9._:-]
 * (domain.md), all ASCII, and for ASCII strings JavaScript's `<` (UTF-16 code units)
 * orders exactly as bytes do — the same as SQL `COLLATE "C"`. So 'B' < 'a' and
 * 'Z' < '_' < 'a', unlike a locale collation.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders assessments by (assessed_on, assessment_id in byte order). */
export function compareAssessments(a: AssessmentRow, b: AssessmentRow): number {
  return a.assessedOn < b.assessedOn ? -1 : a.assessedOn > b.assessedOn ? 1 : compareIds(a.assessmentId, b.assessmentId);
}

/**
 * The latest assessment with assessed_on ≤ asOf; same-day ties go to the greatest
 * assessment_id in byte order. undefined when there is none (the client is unassessed).
 * 'YYYY-MM-DD' strings compare as dates.
 */
export function latestAssessment(assessments: readonly AssessmentRow[], asOf: DateString): AssessmentRow | undefined {
  let best: AssessmentRow | undefined;
  for (const a of assessments) {
    if (a.assessedOn > asOf) continue;
    if (!best || compareAssessments(a, best) > 0) best = a;
  }
  return best;
}

/** Tier key of the latest assessment, 'unassessed' when there is none. */
export function tierKeyOf(latest: AssessmentRow | undefined): TierKey {
  return latest ? (String(assessmentTier(latest)) as TierKey) : 'unassessed';
}
