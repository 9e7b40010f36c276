import { expect, test } from 'vitest';
import type { Role } from '../lib/session.ts';
import { canOpen, pageAt, pagesFor } from './pages.ts';

test.each<[Role, boolean, boolean, boolean]>([
  ['admin', true, true, true],
  ['director', false, true, false],
  ['program_manager', false, false, false],
  ['supervisor', false, false, false],
  ['case_manager', false, false, false],
  ['board', false, false, false],
])('%s: imports %s, audit log %s, users %s', (role, imports, audit, users) => {
  expect([canOpen(role, 'imports'), canOpen(role, 'audit'), canOpen(role, 'users')]).toEqual([imports, audit, users]);
  const labels = pagesFor(role).map((p) => p.label);
  expect([labels.includes('Imports'), labels.includes('Audit log'), labels.includes('Users')]).toEqual([imports, audit, users]);
});

test.each([
  ['/admin/imports', 'imports'],
  ['/admin/audit/', 'audit'],
  ['/admin/users', 'users'],
  ['/admin', null],
])('pageAt(%j) = %j', (path, page) => {
  expect(pageAt(path)).toBe(page);
});
