/**
 * The board report's optional "Staffing need" section (a saved forecast scenario), in
 * the printed PDF of the scale-s synthetic agency: read page by page (pdftotext), the
 * section whole on one page with its sentence and the FTE gap of every quarter; the
 * pages rendered to PNG (pdftoppm) into test-results/pdf-pages-staffing-need/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boardReport, boardStaffingNeed, type BoardReport, saveScenario, staffingForecast } from '@caseload/api';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderBoardHtml } from '../src/html.tsx';
import { htmlToPdf, producedAtText } from '../src/pdf.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'demo';
const PERIOD = { from: '2026-07-01', to: '2026-09-30' };
const SCENARIO = { intakeChange: 0.1, departures: [{ month: 3, fte: 2 }], target: 0.95 };
const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const PAGES_DIR = join(RESULTS, 'pdf-pages-staffing-need');

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });

describe('the board report with a staffing need section, as a PDF', () => {
  let dir: string;
  let h: DbHandle;
  let report: BoardReport;
  let texts: string[];
  let without: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseload-staffing-pdf-'));
    await generateAgency({ scale: 's', seed: 1, asOf: AS_OF }, dir);
    h = await createTestDb('pglite');
    await createAgency(h.db, { agencyId: AGENCY, name: 'Riverside Aging Services', settings: {}, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    await saveScenario(h.db, AGENCY, { userId: null, actor: 'test' }, { name: 'Two leave in Q4', inputs: SCENARIO });
    const base = await boardReport(h.db, AGENCY, PERIOD);
    report = { ...base, staffingNeed: await boardStaffingNeed(h.db, AGENCY, { asOf: PERIOD.to, scenarioName: 'Two leave in Q4' }) };
    const html = renderBoardHtml(report, {
      agencyName: 'Riverside Aging Services',
      generatedAt: producedAtText(new Date(`${AS_OF}T09:00:00Z`), 'UTC'),
    });
    without = renderBoardHtml(base, { agencyName: 'Riverside Aging Services' });
    const pdf = await htmlToPdf(html);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, 'board-report-staffing-need.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    texts = Array.from({ length: pages }, (_, i) => flat(pageText(file, i + 1)));
    rmSync(PAGES_DIR, { recursive: true, force: true });
    mkdirSync(PAGES_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', file, join(PAGES_DIR, 'page')]);
  }, 600_000);
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the section is the saved scenario’s forecast as of the period’s end', async () => {
    const forecast = await staffingForecast(h.db, AGENCY, { asOf: PERIOD.to, scenario: SCENARIO });
    const need = report.staffingNeed!;
    expect(need.monthEnd).toBe('2026-09-30');
    expect(need.target).toBe(0.95);
    // Oct 2026 … Sep 2027: 2026-Q4, 2027-Q1, Q2, Q3 at Dec, Mar, Jun, Sep
    expect(need.quarters.map((q) => q.month)).toEqual(['2026-12', '2027-03', '2027-06', '2027-09']);
    for (const q of need.quarters) expect(q.gap).toBe(forecast.months.find((m) => m.month === q.month)!.gap);
    expect(need.sentence).toMatch(
      /^(To keep caseloads at 95 % of capacity the agency needs \d+\.\d more case managers by \w+ \d{4}|The agency has the case managers it needs)/,
    );
    expect(need.sentence).toMatch(/last year the same forecast was within \d+(\.\d)? % of what happened\.$/);
  });

  test('read page by page: one page holds the whole section, its sentence and every quarter', () => {
    const need = report.staffingNeed!;
    const holding = texts.filter((t) => t.includes('Staffing need'));
    expect(holding).toHaveLength(1);
    const page = holding[0]!;
    expect(page).toContain(flat(need.sentence));
    expect(page).toContain('“Two leave in Q4”');
    for (const q of need.quarters) {
      const gap = q.gap === null ? '—' : `${q.gap > 0 ? '+' : ''}${q.gap.toFixed(1)}`;
      expect(page).toMatch(
        new RegExp(
          `${q.quarter.replace('-', ' ')} \\([A-Z][a-z]+ \\d{4}\\) ${q.fteNeeded!.toFixed(1)} ${q.fteAvailable.toFixed(1)} ${gap.replace('+', '\\+')}`,
        ),
      );
    }
    expect(readdirSync(PAGES_DIR).filter((f) => f.endsWith('.png'))).toHaveLength(texts.length);
  });

  test('without a scenario there is no section', () => {
    expect(without).not.toContain('Staffing need');
  });
});
