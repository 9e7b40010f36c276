import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import type { CaseloadReportLike, LoadBands, TeamCaseloadLike } from '../../lib/report.ts';
import { mapTeamLoad, teamLoadCsv } from './mapTeamLoad.ts';

const bands: LoadBands = { balancedFrom: 0.85, balancedTo: 1.0, overTo: 1.15 };

function team(teamId: string, weightedHours: number, capacityHours: number, members = 4): TeamCaseloadLike {
  return {
    teamId,
    members,
    clients: 50,
    weightedHours,
    capacityHours,
    loadRatio: capacityHours === 0 ? null : weightedHours / capacityHours,
    maxLoadRatio: 1.2,
    minLoadRatio: 0.8,
    overCount: 1,
    cv: 0.1,
  };
}

function report(teams: TeamCaseloadLike[], overrides: Partial<CaseloadReportLike> = {}): CaseloadReportLike {
  return {
    asOf: '2026-10-31',
    settingsVersion: 3,
    staff: [],
    teams,
    agency: {
      members: 12,
      clients: 150,
      weightedHours: 1245.5,
      capacityHours: 1199,
      loadRatio: 1245.5 / 1199,
      maxLoadRatio: 1.3,
      minLoadRatio: 0.7,
      overCount: 5,
      cv: 0.2,
      unassigned: 3,
      uncovered: 0,
    },
    ...overrides,
  };
}

const names = new Map([
  ['t-n', 'North'],
  ['t-e', 'East'],
  ['t-w', 'west'],
]);

describe('mapTeamLoad', () => {
  test('teams are listed by name, never by load', () => {
    const load = mapTeamLoad(
      report([team('t-w', 100, 110), team('t-n', 300, 220), team('t-e', 50, 110), team('t-x', 10, 110)]),
      names,
      bands,
    );
    // "East" < "North" < "t-x" (no name: its id) < "west" (case-insensitive)
    expect(load.rows.map((r) => r.teamName)).toEqual(['East', 'North', 't-x', 'west']);
  });

  test.each([
    // weighted, capacity, percent drawn, band, text — hand-computed
    [93.5, 110, 85, 'balanced', '85% = 93.5 h ÷ 110 h'],
    [93.4, 110, (93.4 / 110) * 100, 'under', '85% = 93.4 h ÷ 110 h'], // 0.8490… is under
    [110, 110, 100, 'balanced', '100% = 110 h ÷ 110 h'], // exactly 1.00 is balanced
    [126.5, 110, 115, 'over', '115% = 126.5 h ÷ 110 h'], // exactly 1.15 is over
    [1245.5, 1199, (1245.5 / 1199) * 100, 'over', '104% = 1,245.5 h ÷ 1,199 h'],
    [132, 110, 120, 'critical', '120% = 132 h ÷ 110 h'],
  ])('%s h ÷ %s h', (weighted, capacity, percent, band, text) => {
    const [row] = mapTeamLoad(report([team('t-n', weighted, capacity)]), names, bands).rows;
    expect(row?.loadPercent).toBeCloseTo(percent, 9);
    expect(row?.band).toBe(band);
    expect(row?.ratioText).toBe(text);
    expect(row?.withheld).toEqual([]);
  });

  test('a team without caseload staff has no ratio, no band and no bar', () => {
    const [row] = mapTeamLoad(report([team('t-n', 0, 0, 0)]), names, bands).rows;
    expect(row?.loadPercent).toBeNull();
    expect(row?.band).toBeNull();
    expect(row?.ratioText).toBe('no caseload staff');
    expect(row?.hoursText).toBeNull();
  });

  test('without the agency load bands no band is guessed', () => {
    const [row] = mapTeamLoad(report([team('t-n', 132, 110)]), names, null).rows;
    expect(row?.band).toBeNull();
    expect(row?.loadPercent).toBeCloseTo(120, 9);
  });

  test('a suppressed board cell says "fewer than N", never 0', () => {
    // the API's shape: withheld cells are null and marked in the `suppressed` map
    const small: TeamCaseloadLike = {
      ...team('t-n', 0, 0),
      clients: null,
      weightedHours: null,
      loadRatio: null,
      overCount: null,
      suppressed: { clients: true, weightedHours: true, loadRatio: true, overCount: true },
    };
    const load = mapTeamLoad(report([small], { minCellSize: 11 }), names, bands);
    const [row] = load.rows;
    expect(row?.withheld).toEqual(['clients', 'weightedHours', 'loadRatio', 'overCount']);
    expect(row?.ratioText).toBe('fewer than 11');
    expect(row?.loadPercent).toBeNull();
    const csv = teamLoadCsv(load, {});
    expect(csv.rows[0]?.[5]).toBe('fewer than 11'); // clients
    expect(csv.rows[0]?.[4]).toBe(4); // members, not withheld
  });

  test('a list of suppressed fields withholds only those; minCellSize comes from the report', () => {
    const small: TeamCaseloadLike = { ...team('t-n', 20, 110), cv: null, suppressed: ['cv'] };
    const load = mapTeamLoad(report([small], { minCellSize: 5 }), names, bands);
    expect(load.rows[0]?.withheld).toEqual(['cv']);
    expect(teamLoadCsv(load, {}).rows[0]?.[13]).toBe('fewer than 5');
  });

  test('suppressed: true withholds every null cell; a null that is not marked is "no value"', () => {
    const row: TeamCaseloadLike = { ...team('t-n', 20, 110), cv: null, overCount: null, suppressed: true };
    expect(mapTeamLoad(report([row]), names, bands).rows[0]?.withheld).toEqual(['overCount', 'cv']);
    const unmarked: TeamCaseloadLike = { ...team('t-n', 20, 110), cv: null, suppressed: {} };
    expect(mapTeamLoad(report([unmarked]), names, bands).rows[0]?.withheld).toEqual([]);
  });

  test('a report without agency totals (a case manager) has no agency tiles', () => {
    expect(mapTeamLoad(report([], { agency: null }), names, bands).agency).toBeNull();
  });

  test('withheld agency alarms are marked', () => {
    const base = report([]);
    const agency = { ...base.agency!, unassigned: null, suppressed: { unassigned: true } };
    expect(mapTeamLoad({ ...base, agency }, names, bands).agency?.withheld).toEqual(['unassigned']);
  });

  test('agency tiles keep numerator and denominator', () => {
    const agency = mapTeamLoad(report([]), names, bands).agency!;
    expect(agency.ratioText).toBe('104% = 1,245.5 h ÷ 1,199 h');
    expect(agency.band).toBe('over');
    expect(agency.overText).toBe('5 of 12 caseload staff above 100%');
    expect(agency.unassigned).toBe(3);
    expect(agency.uncovered).toBe(0);
  });

  test.each([
    [[100], 120],
    [[104], 120],
    [[110.1], 140],
    [[135, 50], 160],
    [[], 120],
  ])('axis top for bars %j is %s%%', (percents, top) => {
    const teams = percents.map((p, i) => team(`t${i}`, p * 1.1, 110));
    expect(mapTeamLoad(report(teams), names, bands).axisMaxPercent).toBe(top);
  });
});

describe('teamLoadCsv', () => {
  test('file name carries the as-of date, the program filter and settings version; values are unrounded', () => {
    const load = mapTeamLoad(report([team('t-n', 1245.5, 1199)]), names, bands);
    const csv = teamLoadCsv(load, { program: 'prog-a' });
    expect(exportFileName(csv.name)).toBe('team-load_as-of-2026-10-31_program-prog-a_settings-v3.csv');
    expect(exportFileName(teamLoadCsv(load, {}).name)).toBe('team-load_as-of-2026-10-31_settings-v3.csv');
    expect(csv.header[0]).toBe('as_of');
    // the teams, then the agency row of the table's footer
    expect(csv.rows.map((r) => r[2])).toEqual(['t-n', 'agency']);
    expect(csv.rows[0]).toEqual(['2026-10-31', 3, 't-n', 'North', 4, 50, 1245.5, 1199, 1245.5 / 1199, 'over', 1, 1.2, 0.8, 0.1]);
    const agency = load.agency!;
    expect(csv.rows[1]?.slice(4, 11)).toEqual([
      agency.members,
      agency.clients,
      agency.weightedHours,
      agency.capacityHours,
      agency.loadRatio,
      agency.band,
      agency.overCount,
    ]);
  });

  test('a withheld agency figure is written "fewer than N" in the agency row', () => {
    const base = report([team('t-n', 1245.5, 1199)], { minCellSize: 11 });
    const agency = { ...base.agency!, overCount: null, suppressed: { overCount: true } };
    const csv = teamLoadCsv(mapTeamLoad({ ...base, agency }, names, bands), {});
    expect(csv.rows.at(-1)?.[10]).toBe('fewer than 11');
  });

  test('a report without agency totals has no agency row', () => {
    const csv = teamLoadCsv(mapTeamLoad(report([team('t-n', 1245.5, 1199)], { agency: null }), names, bands), {});
    expect(csv.rows.map((r) => r[2])).toEqual(['t-n']);
  });
});

test('hoursText is the numerator and denominator alone, and absent when withheld', () => {
  const load = mapTeamLoad(
    report([team('t-n', 1245.5, 1199), { ...team('t-e', 0, 0), weightedHours: null, loadRatio: null, suppressed: true }]),
    names,
    bands,
  );
  expect(load.rows.map((r) => r.hoursText)).toEqual([null, '1,245.5 h ÷ 1,199 h']);
  expect(load.agency?.hoursText).toBe('1,245.5 h ÷ 1,199 h');
});
