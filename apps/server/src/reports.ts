/**
 * GET /reports/board.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD[&staffing=NAME] — the board
 * report as a PDF: the document the dashboard draws, printed by headless Chromium; with
 * `staffing`, the "Staffing need" section from that saved scenario, as the Board report
 * page and `cli report board --staffing-scenario` include it (board.report's
 * staffingScenario).
 *
 * The access rule is the tRPC procedure's own: the request's session becomes a
 * server-side tRPC caller and the report comes from `board.report` (roles, scope and
 * small-cell suppression are that procedure's). The download is recorded through
 * `audit.recordExport` before a byte of the file is sent; a print that fails records
 * nothing.
 *
 * A GET changes nothing but the audit log, and a cross-site GET cannot cause even that:
 * a browser's Sec-Fetch-Site other than same-origin (or none: typed or bookmarked) and
 * an Origin of another host are refused (and the session cookie is SameSite=Strict).
 */
import { type Caller, createCaller, createContextInner, dateSchema, type SessionPolicy, standard9Settings } from '@caseload/api';
import type { Clock } from '@caseload/clock';
import { type Database, findAgency } from '@caseload/db';
// the document renderer and the printer (playwright-core) are loaded on the first PDF, not at start-up
import type { PdfOptions } from '@caseload/report/pdf';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { crossSiteReason, sendJson } from './http.ts';
import type { ServerMetrics } from './metrics.ts';

export interface BoardPdfOptions {
  db: Kysely<Database>;
  now: () => Date;
  /** the one clock: the PDF's "generated" line */
  clock: Clock;
  policy: SessionPolicy;
  logError: (message: string, error?: unknown) => void;
  trustProxy?: boolean;
  metrics?: ServerMetrics;
  /** the Chromium binary (env.ts CHROMIUM_PATH); default /usr/bin/chromium */
  chromiumPath?: string;
  /** the printer; tests may slow it down (default htmlToPdf) */
  print?: (html: string, options: PdfOptions) => Promise<Uint8Array>;
}

/** The PDF's file name: the report, its period and the settings version its figures used. */
function boardPdfFileName(from: string, to: string, settingsVersion: number): string {
  return `board-report_${from}_${to}_settings-v${settingsVersion}.pdf`;
}

function badDates(url: URL): string | null {
  for (const name of ['from', 'to'] as const) {
    const values = url.searchParams.getAll(name);
    if (values.length !== 1) return `Give one "${name}" date: /reports/board.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD.`;
    const parsed = dateSchema.safeParse(values[0]);
    if (!parsed.success) return `"${name}": ${parsed.error.issues[0]?.message ?? 'not a date'}`;
  }
  const from = url.searchParams.get('from') as string;
  const to = url.searchParams.get('to') as string;
  return to < from ? `The period ends (${to}) before it starts (${from}).` : null;
}

/**
 * Handles GET /reports/board.pdf (the method is checked by the routes in app.ts, which
 * resolved the session into request.caller after the cross-site check).
 */
export async function handleBoardPdf(request: FastifyRequest, reply: FastifyReply, opts: BoardPdfOptions): Promise<void> {
  const refusal = crossSiteReason(request, 'download', opts.trustProxy ?? false);
  if (refusal) return void sendJson(reply, 403, { error: refusal });
  const session: Caller | null = request.caller;
  if (!session) return void sendJson(reply, 401, { error: 'Sign in first: your session has ended or you are not signed in.' });
  const url = new URL(request.url, 'http://localhost');
  // a missing or repeated date is sent as '' (refused by the procedure's input schema)
  const one = (name: string) => {
    const values = url.searchParams.getAll(name);
    return values.length === 1 ? (values[0] as string) : '';
  };
  const from = one('from');
  const to = one('to');
  // optional; given more than once it is refused rather than one of them picked
  const staffingValues = url.searchParams.getAll('staffing');
  if (staffingValues.length > 1) return void sendJson(reply, 400, { error: 'Give at most one "staffing" scenario name.' });
  const staffingScenario = staffingValues[0];

  // the procedure checks the role and scope first, then the dates (and the scenario)
  const trpc = createCaller(createContextInner({ db: opts.db, caller: session, clock: opts.clock }));
  let report: Awaited<ReturnType<typeof trpc.board.report>>;
  try {
    report = await trpc.board.report({ from, to, ...(staffingScenario !== undefined ? { staffingScenario } : {}) });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'BAD_REQUEST') {
      const badScenario = staffingScenario !== undefined && err.message.includes('staffingScenario');
      return void sendJson(reply, 400, { error: (badScenario ? null : badDates(url)) ?? err.message });
    }
    if (err instanceof TRPCError && err.code !== 'INTERNAL_SERVER_ERROR') {
      return void sendJson(reply, getHTTPStatusCodeFromError(err), { error: err.message });
    }
    throw err;
  }

  const [{ renderBoardHtml }, { ChromiumMissingError, generatedText, htmlToPdf, PdfBusyError }] = await Promise.all([
    import('@caseload/report/html'),
    import('@caseload/report/pdf'),
  ]);
  const { settings } = await standard9Settings(opts.db, session.agencyId);
  const agency = await findAgency(opts.db, session.agencyId);
  const html = renderBoardHtml(report, { agencyName: agency?.name, generatedAt: generatedText(opts.clock, settings.timeZone) });
  let pdf: Uint8Array;
  try {
    const print = () => (opts.print ?? htmlToPdf)(html, opts.chromiumPath ? { executablePath: opts.chromiumPath } : {});
    pdf = await (opts.metrics ? opts.metrics.printing(print) : print());
  } catch (err) {
    opts.logError('printing the board report PDF failed', err);
    if (err instanceof PdfBusyError) return void sendJson(reply, 503, { error: err.message }, { 'retry-after': 30 });
    const message =
      err instanceof ChromiumMissingError
        ? 'The server cannot print PDFs right now: Chromium is not installed on it. Tell your administrator; the report itself is on the Board report page.'
        : 'The server could not print the PDF right now. Try again in a minute; the report itself is on the Board report page.';
    return void sendJson(reply, 503, { error: message });
  }

  const file = boardPdfFileName(from, to, report.settingsVersion);
  // audited before the file is handed over; if the record fails, nothing is sent
  await trpc.audit.recordExport({
    file,
    format: 'pdf',
    rows: Object.keys(report.headline).length + report.teams.length,
    page: `/board?${new URLSearchParams({ from, to, ...(staffingScenario !== undefined ? { staffing: staffingScenario } : {}) }).toString()}`,
  });
  await reply
    .code(200)
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}
