/**
 * The board document as static HTML: complete and self-contained, every sentence and
 * team (in name order), withheld figures in words and never as numbers.
 */
import { describe, expect, test } from 'vitest';
import {
  boardData,
  boardDataCsvRows,
  BOARD_DATA_CSV_HEADER,
  changeVerdict,
  evidenceSentence,
  HEADLINES,
  shownChange,
} from '../src/index.ts';
import type { BoardReport } from '@caseload/api';
import { boardFigure } from '@caseload/metrics';
import { renderBoardHtml } from '../src/html.tsx';
import { fixtureReport, PLANTED } from './fixture.ts';

const decode = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** The text of the page, tags removed, entities decoded. */
const textOf = (html: string) => decode(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
/** The row of the summary table for one figure. */
const rowOf = (html: string, key: string) => {
  const m = new RegExp(`<tr data-figure="${key}">([\\s\\S]*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row ${key}`);
  return textOf(m[1] as string).trim();
};

const report = fixtureReport();
const html = renderBoardHtml(report, { agencyName: 'Maple & Oak Services', generatedAt: 'Nov 23, 2026' });
const text = textOf(html);

describe('renderBoardHtml', () => {
  test('a complete, self-contained document: doctype, title, inline styles, Letter pages; no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Board report, Maple &amp; Oak Services, FY2026 Q4 (Jul–Sep 2026)</title>');
    expect(html).toMatch(/<style>[\s\S]*@page \{\s*size: Letter;/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|https?:\/\//i);
  });

  test('the title, the period, the previous period and the settings version', () => {
    expect(text).toContain('Maple & Oak Services: caseload and quality');
    expect(text).toContain('FY2026 Q4 (Jul–Sep 2026), Jul 1, 2026 to Sep 30, 2026');
    expect(text).toContain('FY2026 Q3 (Apr–Jun 2026), Apr 1, 2026 to Jun 30, 2026');
    expect(text).toMatch(/Settings version 7/);
  });

  test('every sentence, once', () => {
    for (const s of report.sentences) expect(text.split(s).length - 1, s).toBe(1);
  });

  test('every headline figure has its row, with current, previous and change as shown', () => {
    for (const h of HEADLINES) expect(rowOf(html, h.key).startsWith(h.label), h.key).toBe(true);
    expect(rowOf(html, 'averageLoadRatio')).toBe('Weighted caseload, average of month ends 104% 97% ▲ up 7 points ✗ worse');
    expect(rowOf(html, 'staffOverCapacity')).toBe('Case managers over capacity at period end 3 5 ▼ down 2 ✓ better');
    expect(rowOf(html, 'reassessRate')).toBe('Reassessments on time 95% 95% = unchanged');
    expect(rowOf(html, 'timeToServiceMedianDays')).toBe('Median time from referral to service 12.5 days 14 days ▼ down 1.5 days ✓ better');
    // withheld last period: no comparison; nothing to count: a dash, not zero
    expect(rowOf(html, 'satisfaction')).toBe('Client satisfaction (overall, rated 4 or 5) 81% fewer than 11 —');
    expect(rowOf(html, 'goalAttainment')).toBe('Care plan goals met — 50% —');
  });

  test('withheld figures say "fewer than 11" and their values appear nowhere', () => {
    expect(rowOf(html, 'actionsOpen')).toBe('Corrective actions open at period end fewer than 11 fewer than 11 —');
    // the planted values (0.4242, 0.3737) in any form they could be shown
    for (const leak of ['42%', '0.42', '37%', '0.37', '4242', '3737']) expect(text, leak).not.toContain(leak);
    expect(html).not.toContain(String(PLANTED));
    // the withheld team cells and months read as words
    const teams = /data-testid="bd-teams"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const birch = /<tr><th scope="row">Birch Team<\/th>([\s\S]*?)<\/tr>/.exec(teams)?.[1] ?? '';
    expect(textOf(birch).trim()).toBe('fewer than 11 fewer than 11 88%');
    // and in the monthly table: August withheld between July's and September's figures
    const trend = /data-chart="team-load"[\s\S]*?<\/figure>/.exec(html)?.[0] ?? '';
    const birchMonths = /<tr><th scope="row">Birch Team<\/th>([\s\S]*?)<\/tr>/.exec(trend)?.[1] ?? '';
    expect(textOf(birchMonths).trim()).toBe('90% fewer than 11 95%');
    expect(text).toContain('Aug 2026 fewer than 11 (n fewer than 11)');
  });

  test('teams in name order, in the teams table and the charts; no ranking words', () => {
    const table = /data-testid="bd-teams"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const order = [...table.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(order).toEqual(['Alder Team', 'Birch Team', 'Cedar Team']);
    const charts = [...html.matchAll(/<text x="2" y="14" class="bd-small-title">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(charts).toEqual(['Alder Team', 'Birch Team', 'Cedar Team']);
    expect(text).not.toMatch(/\b(rank|best|worst|top team|bottom team)\b/i);
  });

  test('the charts are labelled SVG images with the 100% capacity line; a withheld month breaks the line', () => {
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(1 + 3 + 1 + 1); // agency load, three teams, satisfaction, evidence
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-labelledby="[^"]+"/);
    for (const [, id] of html.matchAll(/aria-labelledby="([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/data-chart="agency-load"[\s\S]*?class="bd-reference-line"/);
    // Birch's line: July, then a gap (August withheld), then September alone
    const birch = /<svg [^>]*aria-labelledby="bd-team-load-1">([\s\S]*?)<\/svg>/.exec(html)?.[1] ?? '';
    expect([...birch.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]?.split(' L').length)).toEqual([1, 1]);
  });

  test('the evidence in words: r, slope and n', () => {
    const sentence = evidenceSentence(report);
    expect(sentence).toBe(
      'Across 29 case managers with contacts due on Sep 30, 2026, the share of clients contacted on time fell by about 2.9 percentage points for each 10 points more weighted caseload (slope -0.29, r = -0.58: a strong negative relationship).',
    );
    expect(text).toContain(sentence);
  });

  test('a withheld fit says so, with no number and no line', () => {
    const withheld = {
      ...fixtureReport(),
      loadComplianceFit: { n: 5, slope: null, intercept: null, r: null, suppressed: { slope: true, intercept: true, r: true } as const },
    };
    expect(evidenceSentence(withheld)).toBe(
      'The relationship between caseload and contacts on time on Sep 30, 2026 is withheld: it rests on fewer than 11 clients.',
    );
    expect(renderBoardHtml(withheld)).not.toContain('data-chart="evidence"');
  });
});

describe('board data export', () => {
  const data = boardData(report, 'Maple & Oak Services');

  test('every headline figure, current and previous, with change and withheld marks', () => {
    const rows = data.figures.filter((f) => f.section === 'headline');
    expect(rows.map((r) => r.figure)).toEqual(HEADLINES.map((h) => h.key));
    for (const r of rows) {
      const f = report.headline[r.figure as keyof typeof report.headline];
      expect([r.currentWithheld, r.previousWithheld, r.change]).toEqual([f.currentSuppressed, f.previousSuppressed, f.change]);
      expect(r.current).toBe(f.currentSuppressed ? null : f.current);
    }
    expect(shownChange(report.headline.averageLoadRatio)).toBe('up 7 points');
  });

  test('withheld values are empty and marked, never the planted number', () => {
    const json = JSON.stringify(data);
    expect(json).not.toContain('0.4242');
    expect(json).not.toContain('0.3737');
    const birch = data.figures.filter((f) => f.group === 'Birch Team');
    expect(birch.map((f) => [f.figure, f.current, f.currentShown, f.currentWithheld])).toEqual([
      ['loadRatio', null, 'fewer than 11', true],
      ['contactRate', null, 'fewer than 11', true],
      ['reassessRate', 0.88, '88%', false],
    ]);
  });

  test('the trend months and the fit are in it too; the CSV has one row per figure and the settings version', () => {
    expect(data.figures.filter((f) => f.section === 'trend')).toHaveLength(3 * (1 + 3 + 2));
    expect(data.figures.filter((f) => f.section === 'loadComplianceFit').map((f) => f.figure)).toEqual(['n', 'slope', 'intercept', 'r']);
    const rows = boardDataCsvRows(data);
    expect(rows).toHaveLength(data.figures.length);
    for (const row of rows) {
      expect(row).toHaveLength(BOARD_DATA_CSV_HEADER.length);
      expect(row[BOARD_DATA_CSV_HEADER.indexOf('settings_version')]).toBe(7);
    }
  });
});

describe('board data export: the caseload standards section, counts only, withheld as in the document', () => {
  const period = (p: string, value: number | null, o: { missed?: boolean; run?: number; over?: number; small?: boolean } = {}) => ({
    period: p,
    end: `${p}-28`,
    value: o.small ? null : value,
    clients: o.small ? null : 40,
    missed: o.missed ?? false,
    consecutiveMisses: o.run ?? 0,
    correctionDue: (o.run ?? 0) >= 2,
    over: [],
    overCount: o.over ?? 0,
    valueSuppressed: o.small ?? false,
  });
  const withStandards: BoardReport = {
    ...report,
    standards: {
      asOf: '2026-09-30',
      standards: [
        {
          id: 'waiver',
          label: 'Waiver ratio',
          kind: 'average_ratio',
          limit: 62,
          periods: [period('2026-08', 63.5, { missed: true, run: 1 }), period('2026-09', PLANTED, { missed: true, run: 2, small: true })],
        },
        {
          id: 'ca79',
          label: 'No one above 79',
          kind: 'individual_max',
          limit: 79,
          periods: [period('2026-09', 75, { missed: true, run: 1, over: 2 })],
        },
      ],
      planCounts: { open: 2, dueSoon: 1, overdue: 1 },
      needingPlan: 1,
      sentences: ['“Waiver ratio” was missed for 2 months in a row; a plan of correction is due.'],
    },
  };
  const d = boardData(withStandards, null);
  const rows = d.figures.filter((f) => f.section === 'standard');

  test('each rule and period: value, missed, misses in a row; staff over the limit for the kinds that count them', () => {
    expect(rows.map((r) => [r.group, r.figure, r.unit, r.current, r.currentShown, r.currentWithheld])).toEqual([
      ['2026-08 waiver', 'value', 'clients_per_fte', 63.5, '63.5 per FTE', false],
      ['2026-08 waiver', 'missed', 'flag', 1, 'Missed', false],
      ['2026-08 waiver', 'consecutiveMisses', 'count', 1, '1', false],
      ['2026-09 waiver', 'value', 'clients_per_fte', null, 'fewer than 11', true],
      ['2026-09 waiver', 'missed', 'flag', 1, 'Missed', false],
      ['2026-09 waiver', 'consecutiveMisses', 'count', 2, '2', false],
      ['2026-09 ca79', 'value', 'days', 75, '75 days', false],
      ['2026-09 ca79', 'missed', 'flag', 1, 'Missed', false],
      ['2026-09 ca79', 'consecutiveMisses', 'count', 1, '1', false],
      ['2026-09 ca79', 'overCount', 'count', 2, '2', false],
    ]);
    expect(rows[0]?.label).toBe(
      'Waiver ratio (Average clients per caseload FTE; missed when the average is above 62 clients per FTE): value',
    );
    expect(rows[9]?.label).toMatch(/: staff over the limit$/);
    expect(JSON.stringify(d)).not.toContain(String(PLANTED));
  });

  test('the plans of correction by count, and the section’s sentences after the headline’s', () => {
    expect(d.figures.filter((f) => f.section === 'plans').map((f) => [f.figure, f.current, f.label])).toEqual([
      ['open', 2, 'Plans of correction open on 2026-09-30'],
      ['dueSoon', 1, 'Plans of correction due within 30 days on 2026-09-30'],
      ['overdue', 1, 'Plans of correction overdue on 2026-09-30'],
      ['needingPlan', 1, 'Standards due a plan of correction with none written on 2026-09-30'],
    ]);
    expect(d.sentences).toEqual([...report.sentences, '“Waiver ratio” was missed for 2 months in a row; a plan of correction is due.']);
    const csv = boardDataCsvRows(d);
    expect(csv).toHaveLength(d.figures.length);
    const section = BOARD_DATA_CSV_HEADER.indexOf('section');
    expect(csv.filter((r) => r[section] === 'standard')).toHaveLength(10);
    expect(csv.filter((r) => r[section] === 'plans')).toHaveLength(4);
  });

  test('a report without the section adds no rows', () => {
    expect(
      boardData({ ...report, standards: undefined }, null).figures.some((f) => f.section === 'standard' || f.section === 'plans'),
    ).toBe(false);
  });
});

describe('why a value is withheld: small, or withheld so a small one cannot be worked out', () => {
  // Cedar's contact rate (a large team) withheld with Birch's, and the open actions withheld for another's sake
  const r = fixtureReport();
  r.teams = r.teams.map((t) =>
    t.teamId === 't-m' ? { ...t, contactRate: PLANTED, suppressed: { contactRate: true }, complementary: { contactRate: true } } : t,
  );
  r.headline = { ...r.headline, actionsOpen: { ...r.headline.actionsOpen, currentComplementary: true } };
  const page = renderBoardHtml(r, { agencyName: 'Maple & Oak Services', generatedAt: 'Nov 23, 2026' });
  const pageText = textOf(page);

  test('the document: the short label in the cell, "fewer than 11" only on the small ones, and the footnote', () => {
    expect(rowOf(page, 'actionsOpen')).toBe('Corrective actions open at period end withheld † fewer than 11 —');
    const teams = /<table class="bd-table" data-testid="bd-teams">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    const cedar = /<tr><th scope="row">Cedar Team<\/th>([\s\S]*?)<\/tr>/.exec(teams)?.[1] ?? '';
    expect(textOf(cedar).trim()).toBe('93% withheld † 90%');
    const birch = /<tr><th scope="row">Birch Team<\/th>([\s\S]*?)<\/tr>/.exec(teams)?.[1] ?? '';
    expect(textOf(birch).trim()).toBe('fewer than 11 fewer than 11 88%');
    expect(pageText).toContain('† withheld so a small number cannot be worked out from it: the figure itself is not small.');
    expect(pageText).not.toContain(String(PLANTED));
  });

  test('the board data and its CSV: the words in full (a file has no footnote)', () => {
    const d = boardData(r, null);
    const cedar = d.figures.find((f) => f.group === 'Cedar Team' && f.figure === 'contactRate');
    expect([cedar?.current, cedar?.currentShown, cedar?.currentWithheld]).toEqual([
      null,
      'withheld so a small number cannot be worked out',
      true,
    ]);
    const open = d.figures.find((f) => f.section === 'headline' && f.figure === 'actionsOpen');
    expect([open?.currentShown, open?.previousShown]).toEqual(['withheld so a small number cannot be worked out', 'fewer than 11']);
  });

  test('without complementary cells there is no footnote', () => {
    expect(text).not.toContain('withheld so a small number cannot be worked out');
  });
});

describe('each change says whether it is better or worse for the standard', () => {
  test.each([
    // rates: up is better
    ['contactRate', boardFigure('rate', 0.91, 0.88), 'better'],
    ['contactRate', boardFigure('rate', 0.871, 0.874), null], // both show 87%: unchanged
    ['satisfaction', boardFigure('rate', 0.7, 0.8), 'worse'],
    // counts and days where fewer is better
    ['staffOverCapacity', boardFigure('count', 5, 3), 'worse'],
    ['timeToServiceMedianDays', boardFigure('days', 12.5, 14), 'better'],
    ['actionsOverdue', boardFigure('count', 0, 2), 'better'],
    // open actions: no verdict either way
    ['actionsOpen', boardFigure('count', 9, 2), null],
    // load: better coming down from above capacity, worse going up above it, neither within capacity
    ['loadRatio', boardFigure('ratio', 1.04, 1.1), 'better'],
    ['loadRatio', boardFigure('ratio', 0.98, 1.01), 'better'],
    ['loadRatio', boardFigure('ratio', 1.01, 0.98), 'worse'],
    ['loadRatio', boardFigure('ratio', 1.0, 0.9), null], // 100% is at capacity, not above
    ['loadRatio', boardFigure('ratio', 0.8, 0.9), null],
    // withheld: no comparison, no verdict
    ['contactRate', boardFigure('rate', 0.9, 0.5, true, false), null],
  ] as const)('%s %o → %s', (key, figure, expected) => {
    expect(changeVerdict(key, figure)).toBe(expected);
  });
});

describe('the first page reads as an executive summary', () => {
  test('"In brief": the figures that moved the way the standards ask, and those that did not, in words', () => {
    const brief = textOf(/<div class="bd-brief"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '');
    // fixture: better — over capacity 5 → 3, contacts 89% → 91%, time to service 14 → 12.5 days, within 30 days 79% → 80%;
    // worse — average load 97% → 104% (above capacity), response rate 60% → 55%
    expect(brief).toContain('4 headline figures moved the way the standards ask and 2 the other way');
    expect(brief).toContain(
      '✓ Better: Case managers over capacity at period end (down 2, now 3); Clients contacted on time (up 2 points, now 91%); Median time from referral to service (down 1.5 days, now 12.5 days); Services started within 30 days of referral (up 1 point, now 80%).',
    );
    expect(brief).toContain(
      '✗ Worse: Weighted caseload, average of month ends (up 7 points, now 104%); Survey response rate (down 5 points, now 55%).',
    );
  });
});
