import { describe, expect, test } from 'vitest';
import { generatedText, producedAtText } from '../src/pdf.ts';

describe('the report\'s "generated" line', () => {
  const at = new Date('2026-12-07T03:30:00Z');
  test("real clock: the instant in the agency's time zone (the evening before, in Chicago)", () => {
    expect(generatedText({ now: () => at, pinnedToday: null }, 'America/Chicago')).toBe(producedAtText(at, 'America/Chicago'));
    expect(generatedText({ now: () => at, pinnedToday: null }, 'America/Chicago')).toMatch(/^Dec 6, 2026, 9:30\sPM CST$/);
  });
  test('pinned (CASELOAD_TODAY): the pinned day alone, so a reproducible report carries no real date', () => {
    expect(generatedText({ now: () => at, pinnedToday: '2031-01-31' }, 'America/Chicago')).toBe('Jan 31, 2031');
    expect(generatedText({ now: () => at, pinnedToday: '2028-02-29' }, 'Pacific/Honolulu')).toBe('Feb 29, 2028');
  });
});
