import { expect, test } from 'vitest';
import { capacityShortfall } from './shortfall.ts';

test.each([
  // weighted, capacity, hours per FTE → shortfall (hand-computed)
  [972, 863.5, 110, { hours: 108.5, fte: 108.5 / 110 }],
  [972, 863.5, null, { hours: 108.5, fte: null }],
  [863.5, 863.5, 110, null], // exactly at capacity: no shortfall
  [500, 863.5, 110, null],
  [10, 0, 110, null], // no capacity at all is not a team to staff up by ratio
  [null, 863.5, 110, null], // withheld
])('%s h against %s h', (weightedHours, capacityHours, perFte, expected) => {
  expect(capacityShortfall({ weightedHours, capacityHours }, perFte)).toEqual(expected);
});
