import { describe, expect, test } from 'vitest';
import { beforeRecords, beforeRecordsText } from './records.ts';

const FIRST = '2023-05-01';
const at = (query: string) => new URLSearchParams(query);

describe('beforeRecords', () => {
  test.each([
    ['caseloads', 'asOf=2015-06-30', { date: '2015-06-30', kind: 'as of', first: FIRST }],
    ['caseloads', 'asOf=2023-04-30', { date: '2023-04-30', kind: 'as of', first: FIRST }],
    // the first day itself has records
    ['caseloads', 'asOf=2023-05-01', null],
    ['feedback', 'from=2015-01-01&to=2015-12-31', { date: '2015-12-31', kind: 'ending', first: FIRST }],
    // a period that reaches into the records is shown (its early part is simply empty)
    ['feedback', 'from=2015-01-01&to=2023-05-01', null],
    ['board', 'from=2022-10-01&to=2022-12-31', { date: '2022-12-31', kind: 'ending', first: FIRST }],
    // no date in the address: the page shows today
    ['overview', '', null],
    // not a date: the page's own filters say so
    ['caseloads', 'asOf=2015-02-30', null],
    // the audit log's dates are not the agency's records
    ['audit', 'from=2015-01-01&to=2015-02-01', null],
  ] as const)('%s ?%s', (page, query, expected) => {
    expect(beforeRecords(page, at(query), FIRST)).toEqual(expected);
  });

  test('an agency with no records yet gets no notice', () => {
    expect(beforeRecords('caseloads', at('asOf=2015-06-30'), null)).toBeNull();
  });

  test('the sentence names both dates', () => {
    expect(beforeRecordsText({ date: '2015-06-30', kind: 'as of', first: FIRST })).toBe(
      "The agency's records begin on May 1, 2023 (its earliest recorded contact or assessment), so there is nothing to show as of June 30, 2015. Choose a date on or after May 1, 2023.",
    );
    expect(beforeRecordsText({ date: '2015-12-31', kind: 'ending', first: FIRST })).toContain('for a period ending December 31, 2015');
  });
});
