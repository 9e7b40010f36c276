/**
 * Complementary suppression of the board's Standard 9 views (Standard 4).
 *
 * Withholding a small team's cell is not enough when the agency total and the other
 * teams are shown: the agency's figure is the sum of its teams' plus the clients of
 * no listed team (unassigned, uncovered, staff without a team, or — under a team
 * filter — the other teams), so agency − Σ shown teams − that rest gives the
 * withheld cell back. The board can also ask for each team in turn, so the rest is
 * assumed known to the reader — unless it holds few clients itself, when it is
 * protected like a withheld cell (agency − the team shown must not give it away).
 *
 * Each additive family of cells (clients; weighted hours; members over capacity;
 * contact due/met; reassessment due/overdue/due soon) is modelled as a table for the
 * linear-algebra solver of @caseload/metrics (complementarySuppression), which
 * withholds more cells — nearest and smallest first — until no withheld cell can be
 * computed from what is shown. When the solver cannot protect a cell (a rest that
 * gives it away), the whole family is withheld.
 */
import { complementarySuppression, type DisclosureTable, TableBuilder } from '@caseload/metrics';
import { isSmallCell } from './suppression.ts';

/** One row of the report: 'agency' or a team, its raw values and the cells withheld so far. */
interface BoardRow {
  id: string;
  values: Readonly<Record<string, number | null>>;
  withheld: Set<string>;
  /**
   * the withheld cells that rest on few clients themselves (the primary rule, and the
   * cells that go with them); every other withheld cell is complementary
   */
  small?: Set<string>;
}

export interface FamilySpec {
  name: string;
  /** the disjoint parts every row's clients fall into (e.g. met, unmet) */
  parts: readonly string[];
  /** cells that are sums of parts */
  counts: ReadonlyArray<{ cell: string; parts: readonly string[] }>;
  /**
   * cells that are ratios of two counts of the row: withheld whenever either count is,
   * so a rate shown reveals nothing its two shown counts do not (it is left out of the
   * linear model)
   */
  ratios?: ReadonlyArray<{ cell: string; num: string; den: string }>;
  /** cells that move with another (loadRatio with weightedHours: capacity is shown) */
  tied?: ReadonlyArray<{ cell: string; with: string }>;
  /** the clients behind each part of a row (the rest's are agency − Σ teams): decides whether the rest is small */
  sizes: (values: Readonly<Record<string, number | null>>) => Record<string, number>;
}

const num = (v: number | null | undefined) => v ?? 0;

function buildTable(
  spec: FamilySpec,
  agency: BoardRow,
  teams: readonly BoardRow[],
  minCellSize: number,
): { table: DisclosureTable; restProtected: string[] } {
  const t = new TableBuilder(spec.name);
  const rowsAtoms = (row: BoardRow, part: string) =>
    row === agency ? [...teams.map((x) => `${x.id}:${part}`), `rest:${part}`] : [`${row.id}:${part}`];
  for (const row of [agency, ...teams]) {
    for (const c of spec.counts) {
      t.count(
        `${row.id}|${c.cell}`,
        c.parts.flatMap((p) => rowsAtoms(row, p)),
        num(row.values[c.cell]),
      );
    }
  }
  // The rest (clients of no listed team): a part with few clients is protected like a
  // withheld cell; any other part is assumed known to the reader.
  const restProtected: string[] = [];
  const agencySizes = spec.sizes(agency.values);
  for (const p of spec.parts) {
    const size = (agencySizes[p] ?? 0) - teams.reduce((s, x) => s + (spec.sizes(x.values)[p] ?? 0), 0);
    if (isSmallCell(size, minCellSize)) {
      t.count(`rest|${p}`, [`rest:${p}`], size);
      restProtected.push(`rest|${p}`);
    } else {
      t.known(`rest:${p}`, [`rest:${p}`]);
    }
  }
  return { table: t.build(), restProtected };
}

/**
 * Adds to each row's `withheld` the cells of this family that must go with the ones
 * already withheld. Rows are changed in place.
 */
function complementFamily(spec: FamilySpec, agency: BoardRow, teams: readonly BoardRow[], minCellSize: number): void {
  const rows = [agency, ...teams];
  const cells = [...spec.counts.map((c) => c.cell), ...(spec.ratios ?? []).map((r) => r.cell)];
  for (const row of rows) for (const tie of spec.tied ?? []) if (row.withheld.has(tie.cell)) row.withheld.add(tie.with);
  for (const row of rows) {
    row.small ??= new Set(row.withheld);
    for (const tie of spec.tied ?? []) if (row.small.has(tie.cell)) row.small.add(tie.with);
  }
  const primary = new Set<string>();
  const protect = new Set<string>();
  for (const row of rows) {
    for (const cell of cells) {
      if (!row.withheld.has(cell)) continue;
      primary.add(`${row.id}|${cell}`);
      if (spec.counts.some((c) => c.cell === cell)) protect.add(`${row.id}|${cell}`);
    }
  }
  const { table, restProtected } = buildTable(spec, agency, teams, minCellSize);
  for (const id of restProtected) {
    primary.add(id);
    protect.add(id);
  }
  if (protect.size === 0) return;
  let withheld: Set<string>;
  try {
    withheld = complementarySuppression([table], primary, protect);
  } catch {
    // nothing shown can be trusted not to give a cell away: withhold the family
    withheld = new Set(rows.flatMap((row) => cells.map((cell) => `${row.id}|${cell}`)));
  }
  for (const row of rows) {
    for (const cell of cells) if (withheld.has(`${row.id}|${cell}`)) row.withheld.add(cell);
    // a rate goes with its numerator (the shown denominator would give it back), and with its denominator
    for (const r of spec.ratios ?? []) if (row.withheld.has(r.num) || row.withheld.has(r.den)) row.withheld.add(r.cell);
    for (const tie of spec.tied ?? []) if (row.withheld.has(tie.with)) row.withheld.add(tie.cell);
    // what goes with a small cell rests on the same few clients
    const small = row.small ?? new Set<string>();
    for (const r of spec.ratios ?? []) if (small.has(r.num) || small.has(r.den)) small.add(r.cell);
    for (const tie of spec.tied ?? []) if (small.has(tie.with)) small.add(tie.cell);
  }
}

// ---------------------------------------------------------------- the Standard 9 families

export const CLIENTS_FAMILY: FamilySpec = {
  name: 'clients',
  parts: ['c'],
  counts: [{ cell: 'clients', parts: ['c'] }],
  sizes: (v) => ({ c: num(v.clients) }),
};

/** weighted hours: loadRatio = weightedHours ÷ capacityHours (shown), so the two go together */
export function hoursFamily(clients: (v: Readonly<Record<string, number | null>>) => number): FamilySpec {
  return {
    name: 'weightedHours',
    parts: ['h'],
    counts: [{ cell: 'weightedHours', parts: ['h'] }],
    // workloadHours − otherHours (shown) is weightedHours; loadRatio × capacity is workloadHours
    tied: [
      { cell: 'loadRatio', with: 'weightedHours' },
      { cell: 'workloadHours', with: 'weightedHours' },
    ],
    sizes: (v) => ({ h: clients(v) }),
  };
}

export const OVER_FAMILY: FamilySpec = {
  name: 'overCount',
  parts: ['o'],
  counts: [{ cell: 'overCount', parts: ['o'] }],
  sizes: (v) => ({ o: num(v.clients) }),
};

export const CONTACT_FAMILY: FamilySpec = {
  name: 'contact',
  parts: ['met', 'unmet'],
  counts: [
    { cell: 'contactDue', parts: ['met', 'unmet'] },
    { cell: 'contactMet', parts: ['met'] },
  ],
  ratios: [{ cell: 'contactRate', num: 'contactMet', den: 'contactDue' }],
  sizes: (v) => ({ met: num(v.contactMet), unmet: num(v.contactDue) - num(v.contactMet) }),
};

/** reassessment: due = overdue + due soon + later; the trend has no due-soon cell (overdue + the others) */
export function reassessFamily(withDueSoon: boolean): FamilySpec {
  const ratios = [{ cell: 'reassessRate', num: 'reassessOverdue', den: 'reassessDue' }];
  if (!withDueSoon) {
    return {
      name: 'reassess',
      parts: ['overdue', 'other'],
      counts: [
        { cell: 'reassessDue', parts: ['overdue', 'other'] },
        { cell: 'reassessOverdue', parts: ['overdue'] },
      ],
      ratios,
      sizes: (v) => ({ overdue: num(v.reassessOverdue), other: num(v.reassessDue) - num(v.reassessOverdue) }),
    };
  }
  return {
    name: 'reassess',
    parts: ['overdue', 'soon', 'later'],
    counts: [
      { cell: 'reassessDue', parts: ['overdue', 'soon', 'later'] },
      { cell: 'reassessOverdue', parts: ['overdue'] },
      { cell: 'reassessDueSoon', parts: ['soon'] },
    ],
    ratios,
    sizes: (v) => ({
      overdue: num(v.reassessOverdue),
      soon: num(v.reassessDueSoon),
      later: num(v.reassessDue) - num(v.reassessOverdue) - num(v.reassessDueSoon),
    }),
  };
}

/**
 * The cells to withhold in the agency row and each team row, given the raw rows, the
 * cells the primary rule already withholds (each view's `suppressed` map) and the
 * families to complete. `extra` adds values a family's sizes need but the row does
 * not show (the trend's client counts). `agencyComplementary` and `teamsComplementary`
 * name the withheld cells that are not small themselves.
 */
export function complementCells(
  agency: { raw: object; suppressed: object; extra?: Record<string, number> },
  teams: ReadonlyArray<{ id: string; raw: object; suppressed: object; extra?: Record<string, number> }>,
  families: readonly FamilySpec[],
  minCellSize: number,
): { agency: string[]; teams: string[][]; agencyComplementary: string[]; teamsComplementary: string[][] } {
  const row = (id: string, r: { raw: object; suppressed: object; extra?: Record<string, number> }): BoardRow => ({
    id,
    values: { ...(r.raw as Record<string, number | null>), ...r.extra },
    withheld: new Set(Object.keys(r.suppressed)),
    small: new Set(Object.keys(r.suppressed)),
  });
  const agencyRow = row('agency', agency);
  const teamRows = teams.map((t) => row(`team:${t.id}`, t));
  for (const family of families) complementFamily(family, agencyRow, teamRows, minCellSize);
  const complementary = (r: BoardRow) => [...r.withheld].filter((c) => !(r.small ?? r.withheld).has(c));
  return {
    agency: [...agencyRow.withheld],
    teams: teamRows.map((t) => [...t.withheld]),
    agencyComplementary: complementary(agencyRow),
    teamsComplementary: teamRows.map(complementary),
  };
}
