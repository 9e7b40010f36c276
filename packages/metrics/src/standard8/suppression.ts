/**
 * Small-cell suppression of the Standard 8 reports (metrics.md "Small-cell
 * suppression", Standard 4), for roles that see suppressed data (the board).
 *
 * Primary rule: a value computed from fewer than `minCellSize` units (clients,
 * responses, goals, referrals, reviews) is withheld — a count of 1..min−1, a rate or
 * a mean or a median whose denominator is 1..min−1, a rate whose numerator is a
 * withheld count, and every value of a feedback group (program, team, provider) with
 * fewer than min responses. Counts of zero are shown (outside such a group).
 *
 * Complementary rule: see disclosure.ts. Each report is modelled as tables of counts
 * with every linear relation the report publishes — a distribution and its n, top2
 * and mean; a grouping and the agency total; the months and the period; a rate and
 * its numerator and denominator — and more values are withheld until no withheld
 * one can be computed back. Totals a reader may know from other reports (goals
 * resolved, closures, referrals per provider …) are assumed known when they are
 * not small themselves.
 *
 * Suppressed reports carry no staff rows (the board sees no staff rows:
 * interfaces.md) and no per-provider monthly series.
 */
import { complementarySuppression, type DisclosureTable, TableBuilder } from './disclosure.ts';
import {
  type FeedbackGroup,
  type FeedbackReport,
  GOAL_OUTCOMES,
  type OutcomesFigures,
  type OutcomesReport,
  type ProvidersReport,
  type QaFigures,
  type QaReport,
  SURVEY_ITEMS,
  type Suppressible,
  type SuppressionInfo,
} from './types.ts';

export type Suppressed<T> = Suppressible<T> & { suppression: SuppressionInfo };

function assertMinCellSize(minCellSize: number): void {
  if (!Number.isInteger(minCellSize) || minCellSize < 1) {
    throw new RangeError(`minCellSize must be a whole number of at least 1, got ${minCellSize}`);
  }
}

/** Collects tables and decides which values are withheld first. */
class Model {
  readonly primary = new Set<string>();
  readonly protect = new Set<string>();
  private readonly builders: TableBuilder[] = [];
  constructor(readonly min: number) {}

  table(name: string): TableBuilder {
    const t = new TableBuilder(name);
    this.builders.push(t);
    return t;
  }

  private small(v: number): boolean {
    return v > 0 && v < this.min;
  }

  count(t: TableBuilder, id: string, atoms: readonly string[], value: number, group = false): void {
    t.count(id, atoms, value);
    if (this.small(value)) this.protect.add(id);
    if (group || this.small(value)) this.primary.add(id);
  }

  ratio(
    t: TableBuilder,
    id: string,
    num: ReadonlyArray<readonly [string, number]>,
    numValue: number,
    den: readonly string[],
    denValue: number,
    opts: { numeratorId?: string; group?: boolean } = {},
  ): void {
    t.ratio(
      id,
      num,
      numValue,
      den.map((a) => [a, 1] as const),
      denValue,
    );
    if (this.small(denValue)) this.protect.add(id);
    if (opts.group || this.small(denValue) || (opts.numeratorId !== undefined && this.primary.has(opts.numeratorId))) {
      this.primary.add(id);
    }
  }

  statistic(t: TableBuilder, id: string, base: readonly string[], baseValue: number, group = false): void {
    t.statistic(id, base, baseValue);
    if (this.small(baseValue)) this.protect.add(id);
    if (group || this.small(baseValue)) this.primary.add(id);
  }

  /** A total assumed known from elsewhere — unless it is small itself (then it is withheld there). */
  known(t: TableBuilder, name: string, atoms: readonly string[], value: number): void {
    if (!this.small(value)) t.known(name, atoms);
  }

  plan(): DisclosurePlan {
    return { tables: this.builders.map((b) => b.build()), primary: this.primary, protect: this.protect };
  }
}

/** A report modelled for suppression: its tables, the values withheld first, the small ones to protect. */
export interface DisclosurePlan {
  tables: DisclosureTable[];
  primary: Set<string>;
  protect: Set<string>;
}

/** The values to withhold, and which of them are withheld for their own small size. */
function solve(plan: DisclosurePlan): { ids: Set<string>; small: ReadonlySet<string> } {
  return { ids: complementarySuppression(plan.tables, plan.primary, plan.protect), small: plan.primary };
}

const id = (container: string, key: string) => `${container}|${key}`;
const at = (container: string, key: string) => (container === '' ? key : `${container}.${key}`);
const ones = (atoms: readonly string[]) => atoms.map((a) => [a, 1] as const);

/**
 * Sets every withheld value to null and marks it in the `suppressed` map of the
 * object holding it (ids are 'container.path|key.path'). A withheld value that is not
 * in `small` (the values withheld for their own size) was withheld only so that a
 * small one cannot be worked out from it: it is also marked in the object's
 * `complementary` map, so that a reader is told why (it is not itself small).
 */
export function applySuppression<T>(
  report: T,
  ids: ReadonlySet<string>,
  minCellSize: number,
  small: ReadonlySet<string> = ids,
): Suppressed<T> {
  const out = structuredClone(report) as Record<string, unknown>;
  let cells = 0;
  for (const full of [...ids].sort()) {
    if (full.startsWith('known:')) continue;
    const bar = full.indexOf('|');
    const containerPath = full.slice(0, bar);
    const key = full.slice(bar + 1);
    let container: unknown = out;
    if (containerPath !== '') for (const seg of containerPath.split('.')) container = (container as Record<string, unknown>)[seg];
    if (container === null || typeof container !== 'object') throw new Error(`suppression: no object at ${containerPath}`);
    const keyPath = key.split('.');
    let holder = container as Record<string, unknown>;
    for (const seg of keyPath.slice(0, -1)) holder = holder[seg] as Record<string, unknown>;
    const last = keyPath[keyPath.length - 1] as string;
    if (!(last in holder)) throw new Error(`suppression: no value at ${full}`);
    holder[last] = null;
    const c = container as { suppressed?: Record<string, true> };
    c.suppressed ??= {};
    c.suppressed[key] = true;
    if (!small.has(full)) {
      const k = container as { complementary?: Record<string, true> };
      k.complementary ??= {};
      k.complementary[key] = true;
    }
    cells += 1;
  }
  out.suppression = { minCellSize, cells } satisfies SuppressionInfo;
  return out as Suppressed<T>;
}

// ---------------------------------------------------------------- feedback

function likertRow(
  m: Model,
  t: TableBuilder,
  container: string,
  stats: { n: number; mean: number | null; distribution: readonly number[] },
  cellAtoms: (k: number) => string[],
  group: boolean,
): void {
  const all = [0, 1, 2, 3, 4].flatMap(cellAtoms);
  for (let k = 0; k < 5; k++) m.count(t, id(container, `distribution.${k}`), cellAtoms(k), stats.distribution[k] ?? 0, group);
  m.count(t, id(container, 'n'), all, stats.n, group);
  const sum = stats.distribution.reduce((s, c, k) => s + c * (k + 1), 0);
  m.ratio(
    t,
    id(container, 'mean'),
    [0, 1, 2, 3, 4].flatMap((k) => cellAtoms(k).map((a) => [a, k + 1] as const)),
    sum,
    all,
    stats.n,
    { group },
  );
  const top = (stats.distribution[3] ?? 0) + (stats.distribution[4] ?? 0);
  m.ratio(t, id(container, 'top2'), ones([...cellAtoms(3), ...cellAtoms(4)]), top, all, stats.n, { group });
}

type Grouping = 'byProgram' | 'byTeam' | 'byProvider';

/** The feedback report as a board sees it: no staff rows, small cells withheld. */
export function suppressFeedbackReport(report: FeedbackReport, minCellSize: number): Suppressed<FeedbackReport> {
  assertMinCellSize(minCellSize);
  const base: FeedbackReport = { ...report, byStaff: [] };
  const { ids, small } = solve(feedbackDisclosure(base, minCellSize));
  return applySuppression(base, ids, minCellSize, small);
}

/**
 * The overall satisfaction (q1), the monthly q1 series, the responses and the response
 * rate of the feedback report as a board sees them: the report kept to its first item
 * (q1, overall and in every group; no staff rows) and suppressed like
 * suppressFeedbackReport. The values kept are withheld exactly as there: the tables of
 * q2..q8 hold only those items' values (items.j, groups' items.j), share none with q1's
 * tables, the responses' or the invitations', and the solver's decisions in a table
 * depend only on the values it holds — leaving them out saves the most of the work.
 */
export function suppressFeedbackSatisfaction(report: FeedbackReport, minCellSize: number): Suppressed<FeedbackReport> {
  assertMinCellSize(minCellSize);
  const q1 = (g: FeedbackGroup) => g.items.filter((i) => i.item === 'q1');
  const base: FeedbackReport = {
    ...report,
    items: q1(report),
    byProgram: report.byProgram.map((g) => ({ ...g, items: q1(g) })),
    byTeam: report.byTeam.map((g) => ({ ...g, items: q1(g) })),
    byStaff: [],
    byProvider: report.byProvider.map((g) => ({ ...g, items: q1(g) })),
  };
  const { ids, small } = solve(feedbackDisclosure(base, minCellSize));
  return applySuppression(base, ids, minCellSize, small);
}

export function feedbackDisclosure(base: FeedbackReport, minCellSize: number): DisclosurePlan {
  const m = new Model(minCellSize);
  const groupings: Array<[Grouping, FeedbackGroup[]]> = [
    ['byProgram', base.byProgram],
    ['byTeam', base.byTeam],
    ['byProvider', base.byProvider],
  ];

  // responses: each grouping (plus its unattributed rest) and the months add up to the total
  for (const [g, groups] of groupings) {
    const t = m.table(`responses ${g}`);
    const rest = base.responses - groups.reduce((s, x) => s + x.responses, 0);
    const atoms = groups.map((_, i) => `g${i}`);
    if (rest > 0) atoms.push('rest');
    groups.forEach((x, i) => m.count(t, id(`${g}.${i}`, 'responses'), [`g${i}`], x.responses));
    m.count(t, id('', 'responses'), atoms, base.responses);
  }
  {
    const t = m.table('responses monthly');
    base.monthly.forEach((x, i) => m.count(t, id(`monthly.${i}`, 'responses'), [`m${i}`], x.responses));
    m.count(
      t,
      id('', 'responses'),
      base.monthly.map((_, i) => `m${i}`),
      base.responses,
    );
  }

  // items: each grouping is a groups × answers table whose columns add up to the agency's
  SURVEY_ITEMS.forEach((_, j) => {
    const overall = base.items[j];
    if (!overall) return;
    {
      const t = m.table(`item ${j}`);
      likertRow(m, t, `items.${j}`, overall, (k) => [`a${k}`], false);
    }
    for (const [g, groups] of groupings) {
      const t = m.table(`item ${j} ${g}`);
      const restN = groups.reduce((s, x) => s - (x.items[j]?.n ?? 0), overall.n);
      groups.forEach((x, i) => {
        const stats = x.items[j];
        if (stats) likertRow(m, t, `${g}.${i}.items.${j}`, stats, (k) => [`g${i}:${k}`], x.responses < minCellSize);
      });
      likertRow(m, t, `items.${j}`, overall, (k) => [...groups.map((_, i) => `g${i}:${k}`), ...(restN > 0 ? [`rest:${k}`] : [])], false);
    }
  });

  // q1 by month
  {
    const t = m.table('q1 monthly');
    const q1 = base.items[0];
    base.monthly.forEach((x, i) => {
      const atoms = [0, 1, 2, 3, 4].map((k) => `m${i}:${k}`);
      m.count(t, id(`monthly.${i}`, 'n'), atoms, x.n);
      const top = x.top2 === null ? 0 : Math.round(x.top2 * x.n);
      m.ratio(t, id(`monthly.${i}`, 'top2'), ones([`m${i}:3`, `m${i}:4`]), top, atoms, x.n);
    });
    if (q1) {
      likertRow(m, t, 'items.0', q1, (k) => base.monthly.map((_, i) => `m${i}:${k}`), false);
    }
  }

  // invitations and response rate, by month
  {
    const t = m.table('invitations');
    const yes = base.monthly.map((_, i) => `m${i}:yes`);
    const no = base.monthly.map((_, i) => `m${i}:no`);
    base.monthly.forEach((x, i) => {
      const c = `monthly.${i}`;
      m.count(t, id(c, 'invitations'), [`m${i}:yes`, `m${i}:no`], x.invitations);
      m.count(t, id(c, 'respondedInvitations'), [`m${i}:yes`], x.respondedInvitations);
      m.ratio(t, id(c, 'responseRate'), ones([`m${i}:yes`]), x.respondedInvitations, [`m${i}:yes`, `m${i}:no`], x.invitations, {
        numeratorId: id(c, 'respondedInvitations'),
      });
    });
    m.count(t, id('', 'invitations'), [...yes, ...no], base.invitations);
    m.count(t, id('', 'respondedInvitations'), yes, base.respondedInvitations);
    m.ratio(t, id('', 'responseRate'), ones(yes), base.respondedInvitations, [...yes, ...no], base.invitations, {
      numeratorId: id('', 'respondedInvitations'),
    });
  }
  return m.plan();
}

// ---------------------------------------------------------------- outcomes

export function outcomesDisclosure(report: OutcomesReport, minCellSize: number): DisclosurePlan {
  const m = new Model(minCellSize);
  const periods: Array<{ container: string; f: OutcomesFigures; key: string }> = report.monthly.map((x, i) => ({
    container: `monthly.${i}`,
    f: x,
    key: `m${i}`,
  }));
  const all = (suffix: string) => periods.map((p) => `${p.key}:${suffix}`);
  const both = (c: string, f: OutcomesFigures, atoms: (s: string) => string[]) => ({ c, f, atoms });
  const rows = [both('', report, all), ...periods.map((p) => both(p.container, p.f, (s: string) => [`${p.key}:${s}`]))];

  const goals = m.table('goals');
  const statusKey = { met: 'met', partially_met: 'partiallyMet', not_met: 'notMet', withdrawn: 'withdrawn' } as const;
  for (const r of rows) {
    const c = at(r.c, 'goals');
    for (const s of GOAL_OUTCOMES) m.count(goals, id(c, statusKey[s]), r.atoms(s), r.f.goals[statusKey[s]]);
    const g = r.f.goals;
    m.ratio(
      goals,
      id(c, 'attainmentRate'),
      ones(r.atoms('met')),
      g.met,
      ['met', 'partially_met', 'not_met'].flatMap(r.atoms),
      g.met + g.partiallyMet + g.notMet,
      {
        numeratorId: id(c, 'met'),
      },
    );
  }
  const gt = report.goals;
  m.known(goals, 'resolved', GOAL_OUTCOMES.flatMap(all), gt.met + gt.partiallyMet + gt.notMet + gt.withdrawn);

  const fn = m.table('functional');
  for (const r of rows) {
    const c = at(r.c, 'functional');
    const f = r.f.functional;
    m.count(fn, id(c, 'improved'), r.atoms('improved'), f.improved);
    m.count(fn, id(c, 'maintained'), r.atoms('maintained'), f.maintained);
    m.count(fn, id(c, 'declined'), r.atoms('declined'), f.declined);
    m.ratio(
      fn,
      id(c, 'maintainedOrImprovedRate'),
      ones([...r.atoms('improved'), ...r.atoms('maintained')]),
      f.improved + f.maintained,
      ['improved', 'maintained', 'declined'].flatMap(r.atoms),
      f.improved + f.maintained + f.declined,
    );
  }
  const ft = report.functional;
  m.known(fn, 'pairs', ['improved', 'maintained', 'declined'].flatMap(all), ft.improved + ft.maintained + ft.declined);

  const tts = m.table('time to service');
  const pending = m.table('pending over 30');
  for (const r of rows) {
    const c = at(r.c, 'timeToService');
    const t = r.f.timeToService;
    const started = ['within', 'over'].flatMap(r.atoms);
    m.count(tts, id(c, 'n'), started, t.n);
    m.count(tts, id(c, 'within30'), r.atoms('within'), t.within30);
    m.ratio(tts, id(c, 'within30Rate'), ones(r.atoms('within')), t.within30, started, t.n, { numeratorId: id(c, 'within30') });
    m.statistic(tts, id(c, 'medianDays'), started, t.n);
  }
  // pending is a point-in-time count: as of `to` for the period and for the last month
  const asOfs = [report.to, ...report.monthly.map((x) => x.asOf)];
  rows.forEach((r, i) => {
    const c = at(r.c, 'timeToService');
    m.count(pending, id(c, 'pendingOver30'), [`pending@${asOfs[i]}`], r.f.timeToService.pendingOver30);
  });

  const closures = m.table('closures');
  const reasons = Object.keys(report.closures);
  for (const r of rows) {
    for (const reason of Object.keys(r.f.closures)) {
      m.count(closures, id(r.c, `closures.${reason}`), r.atoms(`closed:${reason}`), r.f.closures[reason] ?? 0);
    }
  }
  m.known(
    closures,
    'closed',
    reasons.flatMap((x) => all(`closed:${x}`)),
    reasons.reduce((s, x) => s + (report.closures[x] ?? 0), 0),
  );
  return m.plan();
}

export function suppressOutcomesReport(report: OutcomesReport, minCellSize: number): Suppressed<OutcomesReport> {
  assertMinCellSize(minCellSize);
  const { ids, small } = solve(outcomesDisclosure(report, minCellSize));
  return applySuppression(report, ids, minCellSize, small);
}

// ---------------------------------------------------------------- providers

/** The providers report as a board sees it: no per-provider months, small cells withheld. */
export function suppressProvidersReport(report: ProvidersReport, minCellSize: number): Suppressed<ProvidersReport> {
  assertMinCellSize(minCellSize);
  const base: ProvidersReport = { ...report, providers: report.providers.map((p) => ({ ...p, monthly: [] })) };
  const { ids, small } = solve(providersDisclosure(base, minCellSize));
  return applySuppression(base, ids, minCellSize, small);
}

export function providersDisclosure(base: ProvidersReport, minCellSize: number): DisclosurePlan {
  const m = new Model(minCellSize);
  const ps = base.providers;
  const made = m.table('referrals made');
  const started = m.table('referrals started');
  const pending = m.table('pending over 30');
  const q6 = m.table('q6');
  ps.forEach((p, i) => {
    const c = `providers.${i}`;
    m.count(made, id(c, 'referrals'), [`v${i}`], p.referrals);
    const st = [`v${i}:within`, `v${i}:over`];
    m.count(started, id(c, 'started'), st, p.started);
    m.count(started, id(c, 'within30'), [`v${i}:within`], p.within30);
    m.ratio(started, id(c, 'within30Rate'), ones([`v${i}:within`]), p.within30, st, p.started, { numeratorId: id(c, 'within30') });
    m.statistic(started, id(c, 'medianDaysToStart'), st, p.started);
    m.count(pending, id(c, 'pendingOver30'), [`v${i}`], p.pendingOver30);
    const qa = [`v${i}:low`, `v${i}:top`];
    m.count(q6, id(`${c}.q6`, 'n'), qa, p.q6.n);
    const top = p.q6.top2 === null ? 0 : Math.round(p.q6.top2 * p.q6.n);
    m.ratio(q6, id(`${c}.q6`, 'top2'), ones([`v${i}:top`]), top, qa, p.q6.n);
  });
  const sum = (f: (p: (typeof ps)[number]) => number) => ps.reduce((s, p) => s + f(p), 0);
  m.known(
    made,
    'referrals',
    ps.map((_, i) => `v${i}`),
    sum((p) => p.referrals),
  );
  m.known(
    started,
    'started',
    ps.flatMap((_, i) => [`v${i}:within`, `v${i}:over`]),
    sum((p) => p.started),
  );
  m.known(
    started,
    'within30',
    ps.map((_, i) => `v${i}:within`),
    sum((p) => p.within30),
  );
  m.known(
    pending,
    'pending',
    ps.map((_, i) => `v${i}`),
    sum((p) => p.pendingOver30),
  );
  m.known(
    q6,
    'n',
    ps.flatMap((_, i) => [`v${i}:low`, `v${i}:top`]),
    sum((p) => p.q6.n),
  );
  return m.plan();
}

// ---------------------------------------------------------------- quality reviews

export function suppressQaReport(report: QaReport, minCellSize: number): Suppressed<QaReport> {
  assertMinCellSize(minCellSize);
  const { ids, small } = solve(qaDisclosure(report, minCellSize));
  return applySuppression(report, ids, minCellSize, small);
}

export function qaDisclosure(report: QaReport, minCellSize: number): DisclosurePlan {
  const m = new Model(minCellSize);
  const reviews = m.table('reviews');
  const closed = m.table('actions closed');
  const open = m.table('actions open');
  const rows: Array<{ c: string; f: QaFigures; atoms: (s: string) => string[]; asOf: string }> = [
    { c: '', f: report, atoms: (s) => report.monthly.map((_, i) => `m${i}:${s}`), asOf: report.to },
    ...report.monthly.map((x, i) => ({ c: `monthly.${i}`, f: x, atoms: (s: string) => [`m${i}:${s}`], asOf: x.asOf })),
  ];
  for (const r of rows) {
    const rc = at(r.c, 'reviews');
    const ac = at(r.c, 'actions');
    const all = [...r.atoms('pass'), ...r.atoms('fail')];
    m.count(reviews, id(rc, 'n'), all, r.f.reviews.n);
    m.count(reviews, id(rc, 'passed'), r.atoms('pass'), r.f.reviews.passed);
    m.ratio(reviews, id(rc, 'passRate'), ones(r.atoms('pass')), r.f.reviews.passed, all, r.f.reviews.n, {
      numeratorId: id(rc, 'passed'),
    });
    m.statistic(reviews, id(rc, 'meanScore'), all, r.f.reviews.n);
    m.count(closed, id(ac, 'closedInPeriod'), r.atoms('closed'), r.f.actions.closedInPeriod);
    m.statistic(closed, id(ac, 'medianDaysToClose'), r.atoms('closed'), r.f.actions.closedInPeriod);
    m.count(open, id(ac, 'open'), [`${r.asOf}:overdue`, `${r.asOf}:notOverdue`], r.f.actions.open);
    m.count(open, id(ac, 'overdue'), [`${r.asOf}:overdue`], r.f.actions.overdue);
  }
  return m.plan();
}
