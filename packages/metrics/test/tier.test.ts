import { describe, expect, test } from 'vitest';
import { acuityScore, assessmentTier, compareIds, latestAssessment, tierFromScore, tierKeyOf } from '../src/index.ts';
import { assess } from './fixtures.ts';

describe('acuity tier', () => {
  test.each([
    ['all null', {}, 0, 1],
    ['adl 2 + iadl 1 = 5 (top of tier 1)', { adlDeficits: 2, iadlDeficits: 1 }, 5, 1],
    ['adl 3 = 6 (bottom of tier 2)', { adlDeficits: 3 }, 6, 2],
    ['adl 3 + iadl 5 = 11 (top of tier 2)', { adlDeficits: 3, iadlDeficits: 5 }, 11, 2],
    ['adl 6 = 12 (bottom of tier 3)', { adlDeficits: 6 }, 12, 3],
    ['adl 6 + iadl 7 = 19 (top of tier 3)', { adlDeficits: 6, iadlDeficits: 7 }, 19, 3],
    ['adl 6 + iadl 8 = 20 (bottom of tier 4)', { adlDeficits: 6, iadlDeficits: 8 }, 20, 4],
    ['cognitive 3 + lives alone 2 = 5', { cognitiveImpairment: true, livesAlone: true }, 5, 1],
    ['cognitive + lives alone + behavioral = 7', { cognitiveImpairment: true, livesAlone: true, behavioralHealth: true }, 7, 2],
    ['hospitalization 3 + iadl 3 = 6', { recentHospitalization: true, iadlDeficits: 3 }, 6, 2],
    ['APS alone: score 4, floor raises tier 1 to 3', { apsInvolvement: true }, 4, 3],
    ['APS + adl 3 = 10: floor raises tier 2 to 3', { apsInvolvement: true, adlDeficits: 3 }, 10, 3],
    ['APS + adl 6 + iadl 4 = 20: floor does not lower tier 4', { apsInvolvement: true, adlDeficits: 6, iadlDeficits: 4 }, 20, 4],
    ['false flags count 0', { apsInvolvement: false, livesAlone: false, adlDeficits: 1 }, 2, 1],
    [
      'everything: 12 + 8 + 3 + 2 + 3 + 4 + 2 = 34',
      {
        adlDeficits: 6,
        iadlDeficits: 8,
        cognitiveImpairment: true,
        livesAlone: true,
        recentHospitalization: true,
        apsInvolvement: true,
        behavioralHealth: true,
      },
      34,
      4,
    ],
  ])('%s → score %i, tier %i', (_label, o, score, tier) => {
    const a = assess('a', 'c', '2025-01-01', o);
    expect(acuityScore(a)).toBe(score);
    expect(assessmentTier(a)).toBe(tier);
  });

  test.each([
    ['override 1 beats the APS floor', { acuityTier: 1, apsInvolvement: true }, 1],
    ['override 4 with nothing recorded', { acuityTier: 4 }, 4],
    ['override 2 below a computed 4', { acuityTier: 2, adlDeficits: 6, iadlDeficits: 8 }, 2],
  ])('%s', (_label, o, tier) => {
    expect(assessmentTier(assess('a', 'c', '2025-01-01', o))).toBe(tier);
  });

  test('an override outside 1–4 is an error', () => {
    expect(() => assessmentTier(assess('a', 'c', '2025-01-01', { acuityTier: 5 }))).toThrow(/not 1–4/);
  });

  test.each([
    [0, false, 1],
    [5, false, 1],
    [6, false, 2],
    [11, false, 2],
    [12, false, 3],
    [19, false, 3],
    [20, false, 4],
    [0, true, 3],
    [12, true, 3],
    [25, true, 4],
  ])('tierFromScore(%i, aps %s) = %i', (score, aps, tier) => {
    expect(tierFromScore(score, aps)).toBe(tier);
  });

  test.each([
    ['B', 'a', -1], // byte order: uppercase before lowercase
    ['Z', '_', -1],
    ['_', 'a', -1],
    ['a', 'a1', -1],
    ['10', '9', -1],
    ['a.b', 'a-b', 1],
    ['x', 'x', 0],
  ])('compareIds(%s, %s) = %i', (a, b, want) => {
    expect(Math.sign(compareIds(a, b))).toBe(want);
  });

  const history = [
    assess('B', 'c', '2025-03-01', { acuityTier: 4 }),
    assess('a', 'c', '2025-03-01', { acuityTier: 1 }),
    assess('Z9', 'c', '2025-02-01', { acuityTier: 2 }),
    assess('zz', 'c', '2025-03-02', { acuityTier: 3 }),
  ];
  test.each([
    ['2025-01-31', undefined, 'unassessed'],
    ['2025-02-01', 'Z9', '2'], // assessed on D counts
    ['2025-02-28', 'Z9', '2'],
    ['2025-03-01', 'a', '1'], // same day: 'a' > 'B' in byte order
    ['2025-03-02', 'zz', '3'],
  ])('latest assessment on %s is %s (tier %s)', (asOf, id, tier) => {
    const latest = latestAssessment(history, asOf);
    expect(latest?.assessmentId).toBe(id);
    expect(tierKeyOf(latest)).toBe(tier);
  });
});
