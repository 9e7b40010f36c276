import { expect, test } from 'vitest';
import { compareNames } from './order.ts';

test('name order: case-insensitive, numbers as numbers, total', () => {
  expect(['cm-10', 'CM-2', 'cm-9', 'Beta', 'alpha', 'cm-2'].sort(compareNames)).toEqual(['alpha', 'Beta', 'CM-2', 'cm-2', 'cm-9', 'cm-10']);
});
