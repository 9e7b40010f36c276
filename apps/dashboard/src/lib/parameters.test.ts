import { expect, test } from 'vitest';
import { parametersFrom } from './parameters.ts';

const settings = {
  tierHours: { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 },
  caseHoursPerFte: 110,
  loadBands: { balancedFrom: 0.85, balancedTo: 1, overTo: 1.15 },
  minCellSize: 11,
};

test('reads the parameters a page needs', () => {
  expect(parametersFrom(settings)).toEqual({
    tierHours: { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 },
    caseHoursPerFte: 110,
    loadBands: { balancedFrom: 0.85, balancedTo: 1, overTo: 1.15 },
  });
});

test.each([
  ['nothing', undefined],
  ['no tier hours', { ...settings, tierHours: undefined }],
  ['a missing tier', { ...settings, tierHours: { '1': 1, '2': 2, '3': 3.5, '4': 6 } }],
  ['a text band', { ...settings, loadBands: { balancedFrom: '0.85', balancedTo: 1, overTo: 1.15 } }],
  ['no case hours', { ...settings, caseHoursPerFte: null }],
])('%s → null, never a guess', (_, value) => {
  expect(parametersFrom(value)).toBeNull();
});
