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
