/**
 * Complementary suppression of the board's Standard 9 rows (src/shaping/complement.ts):
 * hand-made rows where a single withheld team cell would come back as the agency's
 * figure less the other teams' (and less the rest: clients of no listed team).
 */
import { describe, expect, test } from 'vitest';
import { CLIENTS_FAMILY, CONTACT_FAMILY, complementCells } from '../src/shaping/complement.ts';

const MIN = 11;
const small = (n: number) => n > 0 && n < MIN;

/** Primary cells for a clients row: withheld when small. */
function clientsRows(agency: number, teams: Record<string, number>) {
  return {
    agency: { raw: { clients: agency }, suppressed: small(agency) ? { clients: true } : {} },
    teams: Object.entries(teams).map(([id, clients]) => ({ id, raw: { clients }, suppressed: small(clients) ? { clients: true } : {} })),
  };
}

describe('clients: agency = Σ teams + rest', () => {
  test.each<[string, number, Record<string, number>, { agency: boolean; teams: string[] }]>([
    ['nothing small: nothing withheld', 60, { a: 30, b: 30 }, { agency: false, teams: [] }],
    // 55 − 30 − 20 = 5: the smallest other team goes with b
    ['one small team of three (rest 0)', 55, { a: 30, b: 5, c: 20 }, { agency: false, teams: ['b', 'c'] }],
    // 18 − 14 = 4: north goes with south
    ['one small team of two (rest 0)', 18, { north: 14, south: 4 }, { agency: false, teams: ['north', 'south'] }],
    ['two small teams protect each other', 60, { a: 50, b: 5, c: 5 }, { agency: false, teams: ['b', 'c'] }],
    // 40 − 36 = 4 clients of no team (a small rest): the team or the agency must go
    ['a small rest is protected', 40, { a: 36 }, { agency: false, teams: ['a'] }],
    // 50 − 20 − 5 = 25 of no team (assumed known): 50 − 20 − 25 = 5 → a goes too
    ['a large rest is assumed known', 50, { a: 20, b: 5 }, { agency: false, teams: ['a', 'b'] }],
  ])('%s', (_name, agency, teams, expected) => {
    const rows = clientsRows(agency, teams);
    const cells = complementCells(rows.agency, rows.teams, [CLIENTS_FAMILY], MIN);
    expect(cells.agency.includes('clients')).toBe(expected.agency);
    expect(rows.teams.filter((_, i) => cells.teams[i]?.includes('clients')).map((t) => t.id)).toEqual(expected.teams);
  });
});

describe('contact: due = met + unmet, rate = met ÷ due', () => {
  test('a small met count in one team: the met count of another goes too, and each withheld met takes its rate', () => {
    const row = (contactDue: number, contactMet: number) => ({ contactDue, contactMet, contactRate: contactMet / contactDue });
    const a = row(40, 20);
    const b = row(30, 3); // 3 met: withheld, with its rate
    const agency = row(70, 23);
    const cells = complementCells(
      { raw: agency, suppressed: {} },
      [
        { id: 'a', raw: a, suppressed: {} },
        { id: 'b', raw: b, suppressed: { contactMet: true, contactRate: true } },
      ],
      [CONTACT_FAMILY],
      MIN,
    );
    // 23 − 20 = 3 would give b's back: a's met (or the agency's) is withheld as well, each with its rate
    const metWithheld = [cells.agency.includes('contactMet'), cells.teams[0]?.includes('contactMet')];
    expect(metWithheld.some(Boolean)).toBe(true);
    expect(cells.teams[1]).toEqual(expect.arrayContaining(['contactMet', 'contactRate']));
    for (const cellsOfRow of [cells.agency, ...cells.teams]) {
      if (cellsOfRow?.includes('contactMet')) expect(cellsOfRow).toContain('contactRate');
    }
    // the due counts are not small and give nothing away: shown
    expect([cells.agency, ...cells.teams].some((c) => c?.includes('contactDue'))).toBe(false);
  });
});

describe('why a cell is withheld: small, or complementary (not small itself)', () => {
  test('the small team is small; the team withheld with it is complementary; the agency is neither', () => {
    // 18 − 14 = 4: north (14 clients, not small) is withheld only so that south's 4 cannot be worked out
    const rows = clientsRows(18, { north: 14, south: 4 });
    const cells = complementCells(rows.agency, rows.teams, [CLIENTS_FAMILY], MIN);
    expect(cells.teams[0]).toContain('clients');
    expect(cells.teamsComplementary[0]).toEqual(['clients']);
    expect(cells.teams[1]).toContain('clients');
    expect(cells.teamsComplementary[1]).toEqual([]);
    expect(cells.agencyComplementary).toEqual([]);
  });

  test('a rate goes with its numerator and takes its reason: small with a small met, complementary with a large one', () => {
    const row = (contactDue: number, contactMet: number) => ({ contactDue, contactMet, contactRate: contactMet / contactDue });
    // North In-Home: 214 met of 225 due (95%), nothing small; b: 3 met of 30
    const north = row(225, 214);
    const b = row(30, 3);
    const agency = row(255, 217);
    const cells = complementCells(
      { raw: agency, suppressed: {} },
      [
        { id: 'north', raw: north, suppressed: {} },
        { id: 'b', raw: b, suppressed: { contactMet: true, contactRate: true } },
      ],
      [CONTACT_FAMILY],
      MIN,
    );
    expect(cells.teamsComplementary[1]).toEqual([]);
    // whatever else the solver withholds to protect b's 3, none of it is small: every such cell is complementary
    const others = [
      { withheld: cells.agency, complementary: cells.agencyComplementary },
      { withheld: cells.teams[0] ?? [], complementary: cells.teamsComplementary[0] ?? [] },
    ];
    expect(others.some((o) => o.withheld.length > 0)).toBe(true);
    for (const o of others) expect([...o.complementary].sort()).toEqual([...o.withheld].sort());
  });
});
