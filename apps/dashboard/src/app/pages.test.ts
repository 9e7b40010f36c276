import { describe, expect, test } from 'vitest';
import { isRole, type Role } from '../lib/session.ts';
import { canOpen, homePath, navFor, pageAt, pagesFor } from './pages.ts';

describe('pagesFor', () => {
  test.each<[Role, string[]]>([
    [
      'admin',
      [
        'Agency overview',
        'Caseloads',
        'Worklists',
        'Compliance',
        'Trends',
        'Rebalance',
        'Intake routing',
        'Capacity changes',
        'Workload calibration',
        'Standards & plans',
        'Staffing forecast',
        'Feedback',
        'Outcomes',
        'Providers',
        'Quality reviews',
        'Board report',
        'Settings',
        'Imports',
        'Import mapping',
        'Data quality',
        'Audit log',
        'Users',
      ],
    ],
    [
      'director',
      [
        'Agency overview',
        'Caseloads',
        'Worklists',
        'Compliance',
        'Trends',
        'Rebalance',
        'Intake routing',
        'Capacity changes',
        'Workload calibration',
        'Standards & plans',
        'Staffing forecast',
        'Feedback',
        'Outcomes',
        'Providers',
        'Quality reviews',
        'Board report',
        'Settings',
        'Data quality',
        'Audit log',
      ],
    ],
    [
      'program_manager',
      [
        'Agency overview',
        'Caseloads',
        'Worklists',
        'Compliance',
        'Trends',
        'Intake routing',
        'Staffing forecast',
        'Feedback',
        'Outcomes',
        'Providers',
        'Quality reviews',
      ],
    ],
    [
      'supervisor',
      [
        'Agency overview',
        'Caseloads',
        'Worklists',
        'Compliance',
        'Trends',
        'Rebalance',
        'Intake routing',
        'Capacity changes',
        'Feedback',
        'Outcomes',
        'Providers',
        'Quality reviews',
      ],
    ],
    ['case_manager', ['My caseload', 'My due list', 'Compliance', 'Trends']],
    ['board', ['Agency overview', 'Compliance', 'Trends', 'Feedback', 'Outcomes', 'Providers', 'Quality reviews', 'Board report']],
  ])('%s sees %j', (role, labels) => {
    expect(pagesFor(role).map((p) => p.label)).toEqual(labels);
  });
});

describe('navFor', () => {
  test.each<[Role, Array<[string, number]>]>([
    [
      'admin',
      [
        ['Caseloads (Standard 9)', 11],
        ['Quality (Standard 8)', 4],
        ['Reports', 1],
        ['Administration', 6],
      ],
    ],
    [
      'director',
      [
        ['Caseloads (Standard 9)', 11],
        ['Quality (Standard 8)', 4],
        ['Reports', 1],
        ['Administration', 3],
      ],
    ],
    [
      'program_manager',
      [
        ['Caseloads (Standard 9)', 7],
        ['Quality (Standard 8)', 4],
      ],
    ],
    [
      'supervisor',
      [
        ['Caseloads (Standard 9)', 8],
        ['Quality (Standard 8)', 4],
      ],
    ],
    ['case_manager', [['Caseloads (Standard 9)', 4]]],
    [
      'board',
      [
        ['Caseloads (Standard 9)', 3],
        ['Quality (Standard 8)', 4],
        ['Reports', 1],
      ],
    ],
  ])('%s gets the groups %j', (role, groups) => {
    expect(navFor(role).map((g) => [g.label, g.pages.length])).toEqual(groups);
  });

  test.each<Role>(['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'])(
    '%s: the groups hold exactly pagesFor, in its order, each group once',
    (role) => {
      const groups = navFor(role);
      expect(groups.flatMap((g) => g.pages)).toEqual(pagesFor(role));
      expect(new Set(groups.map((g) => g.group)).size).toBe(groups.length);
      for (const g of groups) expect(g.pages.every((p) => p.group === g.group)).toBe(true);
    },
  );

  test('administration pages sit together under their own heading', () => {
    const admin = navFor('admin').find((g) => g.group === 'administration');
    expect(admin?.pages.map((p) => p.key)).toEqual(['settings', 'imports', 'importMapping', 'dataQuality', 'audit', 'users']);
  });
});

test('the board never gets staff rows; a case manager never gets the agency view', () => {
  expect(canOpen('board', 'caseloads')).toBe(false);
  expect(canOpen('case_manager', 'overview')).toBe(false);
  expect(canOpen('supervisor', 'caseloads')).toBe(true);
});

test('client-level lists and rebalancing are never offered to the board; rebalancing not to case managers', () => {
  expect(canOpen('board', 'worklists')).toBe(false);
  expect(canOpen('board', 'drilldown')).toBe(false);
  expect(canOpen('board', 'rebalance')).toBe(false);
  expect(canOpen('board', 'intake')).toBe(false);
  expect(canOpen('case_manager', 'rebalance')).toBe(false);
  expect(canOpen('program_manager', 'rebalance')).toBe(false);
  expect(canOpen('program_manager', 'intake')).toBe(true);
  expect(canOpen('case_manager', 'drilldown')).toBe(true);
});

test('the board report: agency roles and the board only', () => {
  for (const role of ['admin', 'director', 'board'] as const) expect(canOpen(role, 'board')).toBe(true);
  for (const role of ['program_manager', 'supervisor', 'case_manager'] as const) expect(canOpen(role, 'board')).toBe(false);
});

test('Standard 8 pages: never a case manager; settings only for directors and administrators', () => {
  for (const page of ['feedback', 'outcomes', 'providers', 'quality'] as const) {
    expect(canOpen('case_manager', page)).toBe(false);
    expect(canOpen('board', page)).toBe(true);
  }
  expect(canOpen('director', 'settings')).toBe(true);
  expect(canOpen('program_manager', 'settings')).toBe(false);
  expect(canOpen('board', 'settings')).toBe(false);
});

test.each([
  ['/', 'overview'],
  ['/feedback', 'feedback'],
  ['/quality/', 'quality'],
  ['/settings', 'settings'],
  ['/caseloads', 'caseloads'],
  ['/caseloads/', 'caseloads'],
  ['/admin', null],
  ['/caseloadsx', null],
  ['/caseloads/clients', 'drilldown'],
  ['/worklists', 'worklists'],
  ['/rebalance/', 'rebalance'],
  ['/intake', 'intake'],
  ['/capacity-changes', 'capacityChanges'],
  ['/calibration', 'calibration'],
  ['/board', 'board'],
  ['/standards', 'standards'],
  ['/notifications', 'notifications'],
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
