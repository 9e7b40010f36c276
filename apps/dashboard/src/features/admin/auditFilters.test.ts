import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { auditExportName, auditCsvRow, detailsSummary, parseAuditQuery } from './auditFilters.ts';

describe('parseAuditQuery', () => {
  test('reads every filter from the address', () => {
    const { query, problems } = parseAuditQuery(new URLSearchParams('action=import&user=u-1&from=2026-01-01&to=2026-01-31&page=3'));
    expect(query).toEqual({ action: 'import', userId: 'u-1', from: '2026-01-01', to: '2026-01-31', page: 3 });
    expect(problems).toEqual([]);
  });
  test.each([
    ['from=2026-02-30', { page: 1 }, '"2026-02-30" is not a date (YYYY-MM-DD); the start of the range is left open.'],
    ['to=yesterday', { page: 1 }, '"yesterday" is not a date (YYYY-MM-DD); the end of the range is left open.'],
    [
      'from=2026-03-01&to=2026-02-01',
      { page: 1, from: '2026-03-01' },
      'The range starts (2026-03-01) after it ends (2026-02-01); the end is left open.',
    ],
    ['page=0', { page: 1 }, '"0" is not a page number; showing the first page.'],
    ['action=DROP%20TABLE', { page: 1 }, '"DROP TABLE" is not an action name; showing all actions.'],
    ['user=%3Cscript%3E', { page: 1 }, '"<script>" is not a user id; showing all users.'],
  ])('%s is reported, not sent', (qs, query, problem) => {
    expect(parseAuditQuery(new URLSearchParams(qs))).toEqual({ query, problems: [problem] });
  });
});

test.each([
  [{ page: 1 }, 'audit-log.csv'],
  [{ page: 2, action: 'import' }, 'audit-log_action-import.csv'],
  [{ page: 1, action: 'login.failure', from: '2026-01-01' }, 'audit-log_from-2026-01-01_to-now_action-login.failure.csv'],
  [{ page: 1, userId: 'u:1', to: '2026-02-01' }, 'audit-log_from-start_to-2026-02-01_user-u-1.csv'],
])('the audit export of %j is named %s', (query, name) => {
  expect(exportFileName(auditExportName(query))).toBe(name);
});

test('an audit CSV row keeps the details whole, as JSON', () => {
  expect(
    auditCsvRow({ auditId: 7, at: '2026-01-02T03:04:05.000Z', actor: 'cli', userId: null, action: 'import', details: { totalRows: 3 } }),
  ).toEqual([7, '2026-01-02T03:04:05.000Z', 'cli', null, 'import', '{"totalRows":3}']);
});

test.each([
  [
    'import',
    {
      files: [
        { file: 'programs.csv', rows: 2 },
        { file: 'clients.csv', rows: 1200 },
      ],
      totalRows: 1202,
    },
    'programs.csv, clients.csv — 1,202 rows',
  ],
  ['import.failed', { stage: 'validation', files: ['clients.csv'], errorCount: 1 }, 'clients.csv — 1 error'],
  [
    'import.failed',
    { stage: 'upload', files: [], reason: 'The upload is larger than the limit of 500 MB.' },
    'The upload is larger than the limit of 500 MB.',
  ],
  ['user.disable', { email: 'a@b.org', old: { disabled: false } }, 'a@b.org'],
  ['login.failure', { email: 'x@y.org', ip: '127.0.0.1' }, 'email: x@y.org, ip: 127.0.0.1'],
  ['logout', {}, ''],
  [
    'plan.update',
    {
      planId: '3',
      old: { owner: 'Director', actions: 'Hire.', dueOn: '2026-03-31' },
      new: { owner: 'Deputy', actions: 'Hire.', dueOn: '2026-02-15' },
    },
    'plan 3: owner: Director → Deputy; due: 2026-03-31 → 2026-02-15',
  ],
  ['plan.update', { planId: '3', old: { owner: 'A' }, new: { owner: 'A' } }, 'plan 3'],
])('detailsSummary(%s, %j) = %j', (action, details, text) => {
  expect(detailsSummary(action, details)).toBe(text);
});
