import { STANDARDS_PRESETS } from '@caseload/metrics';
import { describe, expect, test } from 'vitest';
import { emptyRuleDraft, fromRuleDrafts, sameRules, toRuleDraft } from './standardsForm.ts';

describe('standards editor', () => {
  test('every preset survives the round trip through the form unchanged', () => {
    for (const preset of STANDARDS_PRESETS) {
      const parsed = fromRuleDrafts(preset.rules.map(toRuleDraft));
      expect(parsed.errors).toEqual({});
      expect(sameRules(parsed.rules ?? [], preset.rules)).toBe(true);
    }
  });

  test('each field says what is wrong with it', () => {
    const d = { ...emptyRuleDraft([]), kind: 'individual_max' as const, limit: '0', ageMin: '7', ageMax: '5', programs: 'waiver; bad id' };
    const dup = { ...emptyRuleDraft([]), label: 'Second', limit: '62' };
    expect(fromRuleDrafts([d, dup])).toEqual({
      rules: null,
      errors: {
        '0.label': 'Give the standard a label.',
        '0.limit': 'A limit is a number above 0.',
        '0.programs': '“bad id” is not a program id.',
        '0.ageMin': 'Age from is above age to.',
        '0.maxDays': 'Give the number of days (California: 60).',
        '1.id': 'Another standard has this id.',
      },
    });
  });

  test('fields a kind does not use are not saved', () => {
    const d = {
      ...emptyRuleDraft([]),
      label: 'Span',
      kind: 'supervisor_span' as const,
      limit: '8',
      programs: 'waiver',
      ageMin: '3',
      maxDays: '60',
      teamId: 'north',
    };
    expect(fromRuleDrafts([d]).rules).toEqual([
      { id: 'standard-1', label: 'Span', kind: 'supervisor_span', limit: 8, period: 'month', programs: [], correctionAfter: 2 },
    ]);
  });
});
