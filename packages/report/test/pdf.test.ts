/**
 * The board report printed to PDF: the scale-s synthetic agency's quarter,
 * rendered by the same HTML document the dashboard draws and printed by Chromium. The
 * PDF's text (poppler's pdftotext) carries every sentence, the executive summary alone
 * on page 1, a footer on every page, and no staff name or id and no client id; its pages
 * are rendered to PNG (pdftoppm) into test-results/pdf-pages/ as artifacts.
 *
 * And the printer itself: every network request refused, a clear error without
 * Chromium, one print at a time, no browser left behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BoardReport, boardReport } from '@caseload/api';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boardDocumentTitle, renderBoardHtml } from '../src/html.tsx';
import { HEADLINES, shownChange, shownValue } from '../src/data.ts';
import { boardDocumentCss } from '../src/styles.ts';
import { ChromiumMissingError, htmlToPdf, PdfBusyError, producedAtText } from '../src/pdf.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'demo';
const AGENCY_NAME = 'Riverside Aging Services';
const PERIOD = { from: '2026-07-01', to: '2026-09-30' };

const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const PAGES_DIR = join(RESULTS, 'pdf-pages');

/** whitespace collapsed: pdftotext breaks lines where the page does */
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

function pdfInfo(file: string): { pages: number; sizes: string[] } {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const sizes = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+ x [\d.]+ pts)/gm)].map((m) => m[1] as string);
  return { pages, sizes };
}

function pageText(file: string, page: number): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
}

/** The browsers this test process started: its child processes running chromium (their helpers are the browser's children). */
function chromiumChildren(): number {
  const out = execFileSync('ps', ['-e', '-o', 'ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([ppid, ...args]) => Number(ppid) === process.pid && args.slice(0, 2).some((a) => /chromium/i.test(a))).length;
}

describe('the board report as a PDF (scale-s synthetic agency, PGlite)', () => {
  let dir: string;
  let h: DbHandle;
  let report: BoardReport;
  let html: string;
  let file: string;
  let printMs: number;
  let pages: number;
  let texts: string[];
  let staff: Array<{ staff_id: string; name: string }>;
  let clientIds: string[];
  let otherHeadings: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseload-board-pdf-'));
    await generateAgency({ scale: 's', seed: 1, asOf: AS_OF }, dir);
    h = await createTestDb('pglite');
    await createAgency(h.db, { agencyId: AGENCY, name: AGENCY_NAME, settings: {}, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    report = await boardReport(h.db, AGENCY, PERIOD);
    staff = await h.db.selectFrom('staff').select(['staff_id', 'name']).where('agency_id', '=', AGENCY).execute();
    clientIds = (await h.db.selectFrom('clients').select('client_id').where('agency_id', '=', AGENCY).execute()).map((c) => c.client_id);

    html = renderBoardHtml(report, { agencyName: AGENCY_NAME, generatedAt: producedAtText(new Date(`${AS_OF}T09:00:00Z`), 'UTC') });
    const started = performance.now();
    const pdf = await htmlToPdf(html);
    printMs = Math.round(performance.now() - started);

    mkdirSync(RESULTS, { recursive: true });
    file = join(RESULTS, 'board-report.pdf');
    writeFileSync(file, pdf);
    ({ pages } = pdfInfo(file));
    texts = Array.from({ length: pages }, (_, i) => pageText(file, i + 1));
    // the sections after the summary, by their headings
    otherHeadings = [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)]
      .map((m) =>
        flat(
          (m[1] as string)
            .replace(/<[^>]*>/g, '')
            .replace(/&#x27;|&#39;/g, "'")
            .replace(/&amp;/g, '&'),
        ),
      )
      .filter((t) => t !== 'Executive summary');

    // every page as an image, the artifacts to look at
    rmSync(PAGES_DIR, { recursive: true, force: true });
    mkdirSync(PAGES_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', file, join(PAGES_DIR, 'page')]);
    console.log(`board report PDF: ${pages} pages, ${pdf.byteLength} bytes, printed in ${printMs} ms`);
  }, 600_000);
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a Letter-size PDF', () => {
    const { sizes } = pdfInfo(file);
    expect(sizes.length).toBe(pages);
    for (const s of sizes) expect(s).toBe('612 x 792 pts');
  });

  test('the executive summary stands alone on page 1: every headline figure, its previous value and change', () => {
    const first = flat(texts[0] as string);
    expect(first).toMatch(/Executive summary/);
    // each headline figure is one row of the table: label, this period, previous period, change
    const rows = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).split('\n');
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const h of HEADLINES) {
      const f = report.headline[h.key];
      const cells = [
        h.label,
        shownValue(f.current, f.kind, f.currentSuppressed, report.minCellSize),
        shownValue(f.previous, f.kind, f.previousSuppressed, report.minCellSize),
        shownChange(f),
      ];
      const row = new RegExp(cells.map(esc).join('.*'));
      expect(
        rows.some((line) => row.test(line)),
        cells.join(' | '),
      ).toBe(true);
    }
    // nothing of the other sections: their headings, the teams
    for (const heading of otherHeadings) expect(first).not.toContain(heading);
    for (const team of report.teams) expect(first).not.toContain(team.name);
  });

  test('every sentence of the report, and every section, is in the text', () => {
    const all = flat(texts.join(' '));
    for (const sentence of report.sentences) expect(all).toContain(flat(sentence));
    expect(otherHeadings.length).toBeGreaterThanOrEqual(3);
    for (const heading of otherHeadings) expect(all).toContain(heading);
  });

  test('page count: the summary, then the sections, none taking more than a page of its own', () => {
    // forced breaks: the elements whose class the print stylesheet starts on a new page
    const breakClasses = [...boardDocumentCss.matchAll(/\.board-doc \.([\w-]+)\s*\{[^}]*break-before:\s*page/g)].map((m) => m[1] as string);
    expect(breakClasses.length).toBeGreaterThan(0);
    const forced = breakClasses.reduce((n, c) => n + (html.match(new RegExp(`class="[^"]*\\b${c}\\b`, 'g')) ?? []).length, 0);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeGreaterThanOrEqual(1 + forced);
    // after page 1 every section (charts, tables and notes that are kept whole) starts at most
    // one new page; past 9 teams the small multiples take another page for every 9 more
    const extraTeamPages = Math.ceil(Math.max(0, report.teams.length - 9) / 9);
    expect(pages).toBeLessThanOrEqual(1 + otherHeadings.length + extraTeamPages);
  });

  test('every page has the footer: the report and its period, and "Page X of Y"', () => {
    texts.forEach((t, i) => {
      expect(flat(t)).toContain(`Page ${i + 1} of ${pages}`);
      expect(flat(t)).toContain(boardDocumentTitle(report, AGENCY_NAME));
    });
  });

  test('the teams appear in the text, by name, in order', () => {
    const all = flat(texts.slice(1).join(' '));
    const at = report.teams.map((t) => all.indexOf(t.name));
    for (const [i, t] of report.teams.entries()) expect(at[i], t.name).toBeGreaterThanOrEqual(0);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  test('no staff name or id, no client id', () => {
    const all = texts.join('\n');
    expect(staff.length).toBeGreaterThan(10);
    for (const s of staff) {
      expect(all.includes(s.staff_id), s.staff_id).toBe(false);
      expect(all.includes(s.name), s.name).toBe(false);
    }
    expect(clientIds.length).toBeGreaterThan(100);
    for (const id of clientIds) expect(all.includes(id), id).toBe(false);
  });

  test('every page was rendered to an image (test-results/pdf-pages)', () => {
    const pngs = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBe(pages);
  });

  test('printed in reasonable time', () => {
    expect(printMs).toBeLessThan(30_000);
  });
});

describe('the printer', () => {
  const doc = (body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test – one</title></head><body>${body}</body></html>`;

  test('refuses every network request (the document must carry its own styles and images) and still prints', async () => {
    const blocked: string[] = [];
    const pdf = await htmlToPdf(
      doc(
        '<link rel="stylesheet" href="http://127.0.0.1:9/style.css"><img src="https://example.org/logo.png" alt="">' +
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""><p>Self-contained</p>',
      ),
      { onBlockedRequest: (u) => blocked.push(u) },
    );
    expect(blocked.sort()).toEqual(['http://127.0.0.1:9/style.css', 'https://example.org/logo.png']);
    const f = join(tmpdir(), `cm-pdf-${process.pid}-net.pdf`);
    writeFileSync(f, pdf);
    try {
      expect(flat(pageText(f, 1))).toContain('Self-contained');
      // the footer: the document's title and the page numbers
      expect(flat(pageText(f, 1))).toContain('Test – one');
      expect(flat(pageText(f, 1))).toContain('Page 1 of 1');
    } finally {
      rmSync(f, { force: true });
    }
  });

  test('scripts do not run in the printed page', async () => {
    const pdf = await htmlToPdf(doc('<p id="p">static</p><script>document.getElementById("p").textContent = "scripted"</script>'));
    const f = join(tmpdir(), `cm-pdf-${process.pid}-js.pdf`);
    writeFileSync(f, pdf);
    try {
      expect(flat(pageText(f, 1))).toContain('static');
      expect(flat(pageText(f, 1))).not.toContain('scripted');
    } finally {
      rmSync(f, { force: true });
    }
  });

  test('without Chromium: a clear error naming the path and how to install it', async () => {
    const err = await htmlToPdf(doc('<p>x</p>'), { executablePath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChromiumMissingError);
    expect((err as Error).message).toBe('Chromium was not found at /nonexistent/chromium — install it with apt-get install chromium');
  });

  test('prints one at a time, a burst past the queue is refused, and no browser is left running', async () => {
    let most = 0;
    const poll = setInterval(() => {
      most = Math.max(most, chromiumChildren());
    }, 50);
    try {
      const burst = [1, 2, 3, 4].map((i) =>
        htmlToPdf(doc(`<p>print ${i}</p>`), { maxWaiting: 3 }).then(
          (b) => b,
          (e: unknown) => e,
        ),
      );
      const results = await Promise.all(burst);
      const printed = results.filter((r) => r instanceof Uint8Array);
      const refused = results.filter((r) => r instanceof PdfBusyError);
      expect(printed.length).toBe(3);
      expect(refused.length).toBe(1);
      for (const p of printed) expect(Buffer.from(p.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    } finally {
      clearInterval(poll);
    }
    // a browser was seen, never two at once, and none is left
    expect(most).toBe(1);
    expect(chromiumChildren()).toBe(0);
  });
});
