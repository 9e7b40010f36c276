import { describe, expect, test } from 'vitest';
import { canOpen, homePath, isRole, pageAt, pagesFor, type Role } from './pages.ts';

describe('pagesFor', () => {
  test.each<[Role, string[]]>([
    ['admin', ['Agency overview', 'Caseloads']],
    ['director', ['Agency overview', 'Caseloads']],
    ['program_manager', ['Agency overview', 'Caseloads']],
    ['supervisor', ['Agency overview', 'Caseloads']],
    ['case_manager', ['My caseload']],
    ['board', ['Agency overview']],
  ])('%s sees %j', (role, labels) => {
    expect(pagesFor(role).map((p) => p.label)).toEqual(labels);
  });
});

test('the board never gets staff rows; a case manager never gets the agency view', () => {
  expect(canOpen('board', 'caseloads')).toBe(false);
  expect(canOpen('case_manager', 'overview')).toBe(false);
  expect(canOpen('supervisor', 'caseloads')).toBe(true);
});

test.each([
  ['/', 'overview'],
  ['/caseloads', 'caseloads'],
  ['/caseloads/', 'caseloads'],
  ['/admin', null],
  ['/caseloadsx', null],
])('pageAt(%j) = %j', (path, page) => {
  expect(pageAt(path)).toBe(page);
});

test.each<[Role, string]>([
  ['director', '/'],
  ['board', '/'],
  ['case_manager', '/caseloads'],
])('home of %s is %s', (role, path) => {
  expect(homePath(role)).toBe(path);
});

test.each([
  ['director', true],
  ['board', true],
  ['superuser', false],
  ['', false],
])('isRole(%j) = %s', (value, expected) => {
  expect(isRole(value)).toBe(expected);
});
