/**
 * Printing the board report document to PDF.
 *
 * The PDF is the same HTML document the dashboard draws (./html), printed by headless
 * Chromium (Debian's /usr/bin/chromium) through playwright-core: one layout, the print
 * stylesheet's @page rules and page breaks honored, real (selectable, searchable) text.
 *
 * - Self-contained: every network request the page makes is refused (only data: URLs
 *   load), and scripts are disabled; the document must carry its own styles.
 * - One print at a time: prints wait their turn in a queue (a burst of downloads must
 *   not start many browsers at once); past `maxWaiting` waiting prints, PdfBusyError.
 * - The browser is always closed, whatever happens.
 *
 * The package reads no environment: the Chromium path comes from the caller (the
 * server's and the CLI's env.ts), default /usr/bin/chromium.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export interface PdfOptions {
  /** the Chromium binary; default /usr/bin/chromium */
  executablePath?: string;
  /** text on the left of every page's footer (report title and period); default the document's <title> */
  footerText?: string;
  /** the whole print (launch, layout, PDF) must finish within this; default 60 s */
  timeoutMs?: number;
  /** prints allowed to wait behind the running one before PdfBusyError; default 8 */
  maxWaiting?: number;
  /** told of every request the page tried to make (all refused but data: URLs) */
  onBlockedRequest?: (url: string) => void;
}

/** Chromium is not installed where we looked. */
export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(`Chromium was not found at ${executablePath} — install it with apt-get install chromium`);
    this.name = 'ChromiumMissingError';
  }
}

/** Chromium is there but the print failed (could not start, crashed, timed out). */
export class PdfRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfRenderError';
  }
}

/** Too many prints are already waiting; try again shortly. */
export class PdfBusyError extends Error {
  constructor() {
    super('Too many PDFs are being printed right now; try again in a minute.');
    this.name = 'PdfBusyError';
  }
}

/** When a document was produced, for its header: "Nov 23, 2026, 9:00 AM UTC" (the machine's time zone unless given). */
export function producedAtText(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(at);
}

/**
 * The report's "generated" line: the instant in the agency's time zone, or — when
 * today is pinned (CASELOAD_TODAY: tests, demos, reproducible reports) — the pinned
 * day alone, so a reproducible report does not carry the real date.
 */
export function generatedText(clock: { now(): Date; readonly pinnedToday: string | null }, timeZone: string): string {
  if (clock.pinnedToday === null) return producedAtText(clock.now(), timeZone);
  const [y, m, d] = clock.pinnedToday.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

/** The text of the document's <title>, entities decoded for the common cases. */
function documentTitle(html: string): string {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  if (!m) return '';
  return (m[1] as string)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x2013;|&ndash;/g, '–')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The footer Chromium draws in every page's bottom margin (its own little document:
 * it needs its own font size; pageNumber/totalPages are filled in by Chromium).
 */
export function footerTemplate(text: string): string {
  return (
    "<div style=\"width:100%;margin:0 0.6in;font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;" +
    'font-size:8pt;color:#444;display:flex;justify-content:space-between;gap:12pt;">' +
    `<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis;">${escapeHtml(text)}</span>` +
    '<span style="white-space:nowrap;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>' +
    '</div>'
  );
}

// One print at a time.
let tail: Promise<unknown> = Promise.resolve();
let waiting = 0;

function serialize<T>(maxWaiting: number, job: () => Promise<T>): Promise<T> {
  if (waiting >= maxWaiting) return Promise.reject(new PdfBusyError());
  waiting += 1;
  const run = tail.then(
    () => {
      waiting -= 1;
      return job();
    },
    () => {
      waiting -= 1;
      return job();
    },
  );
  tail = run.catch(() => undefined);
  return run;
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PdfRenderError(`${what} took longer than ${Math.round(ms / 1000)} s and was stopped.`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function print(html: string, options: PdfOptions): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  if (!(await executable(executablePath))) throw new ChromiumMissingError(executablePath);
  const timeoutMs = options.timeoutMs ?? 60_000;

  let launching: ReturnType<typeof chromium.launch> | undefined;
  const work = async () => {
    let browser: Awaited<ReturnType<typeof chromium.launch>>;
    try {
      launching = chromium.launch({
        executablePath,
        headless: true,
        // Chromium's own sandbox cannot start as root (how containers and CI run) and
        // needs user namespaces most containers lack; the page is our own document with
        // scripts disabled and every request refused, so it runs without it.
        chromiumSandbox: false,
        args: [
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        timeout: timeoutMs,
      });
      browser = await launching;
    } catch (err) {
      throw new PdfRenderError(
        `Chromium (${executablePath}) could not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        {
          cause: err,
        },
      );
    }
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:')) return route.continue();
      options.onBlockedRequest?.(url);
      return route.abort('blockedbyclient');
    });
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const footer = options.footerText ?? documentTitle(html);
    const pdf = await page.pdf({
      format: 'Letter',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: footerTemplate(footer),
      // the document's @page rule sets the margins; these apply only where it does not
      margin: { top: '0.6in', right: '0.6in', bottom: '0.7in', left: '0.6in' },
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  };

  try {
    return await withTimeout(work(), timeoutMs, 'Printing the PDF');
  } catch (err) {
    if (err instanceof PdfRenderError || err instanceof ChromiumMissingError) throw err;
    throw new PdfRenderError(`Printing the PDF failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  } finally {
    // the browser is closed even when the print timed out (a launch still under way is awaited)
    const browser = await launching?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }
}

/**
 * The HTML document printed to a Letter-size PDF (the document's @page rules win), with
 * "Page X of Y" and the report's title and period in every page's footer. Prints run one
 * at a time. Throws ChromiumMissingError, PdfRenderError or PdfBusyError.
 */
export function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  return serialize(options.maxWaiting ?? 8, () => print(html, options));
}
