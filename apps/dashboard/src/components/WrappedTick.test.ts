import { expect, test } from 'vitest';
import { wrapLabel } from './WrappedTick.tsx';

test('names wrap on whole words within the width; a longer word keeps its own line', () => {
  expect(wrapLabel('North In-Home Team', 9)).toEqual(['North', 'In-Home', 'Team']);
  expect(wrapLabel('Pinecrest Home Repair and Modification', 20)).toEqual(['Pinecrest Home', 'Repair and', 'Modification']);
  expect(wrapLabel('Supercalifragilistic Team', 9)).toEqual(['Supercalifragilistic', 'Team']);
  expect(wrapLabel('  ', 9)).toEqual([]);
});
