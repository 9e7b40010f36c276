/**
 * `report NAME --agency ID [--as-of D] [--from F --to T] [--team ID] [--program ID]
 *  [--as-role board] --format json|csv|pdf`
 *
 * Prints a report exactly as the API computes it (the same service functions):
 * JSON (one document, the keys of interfaces.md) or CSV (one flat table, one header
 * row) on stdout; messages on stderr. `report board --format pdf` writes the board
 * report's PDF (the dashboard's document printed by Chromium, @caseload/report) to
 * stdout, never to a terminal. Every export is audited before it is written. The command line acts as the system itself: no
 * suppression unless --as-role board. Reports are entries of `reports`; another
 * report is added with one entry there (or `registerReport` from its own module).
 */
import { parseArgs } from 'node:util';
import {
  agencyToday,
  type BoardReport,
  boardReportWithStandards,
  type CaseloadView,
  type ComplianceView,
  calibrationReport,
  capacityChanges,
  type DataQualityReport,
  dataQualityReport,
  caseloadReport,
  complianceReport,
  explainLoad,
  rebalanceReport,
  shapeCaseload,
  shapeCompliance,
  standard9Settings,
  parseStandards,
  ServiceError,
  standardsReport,
  shapeStandards,
  type StandardsView,
  type ForecastScenarioInput,
  boardStaffingNeed,
  staffingForecast,
} from '@caseload/api';
import { AUDIT_ACTIONS, type Database, findAgency, writeAudit } from '@caseload/db';
import {
  isDateString,
  type Calibration,
  type CapacityChanges,
  type CaseloadReport,
  type ComplianceReport,
  type Explanation,
  type Forecast,
  type RebalanceProposal,
  type StandardsReport,
} from '@caseload/metrics';
import { readFile } from 'node:fs/promises';
import { readScenarioFile } from '../reports/scenario.ts';
import type { Kysely } from 'kysely';
import { type Standard8ReportDefinition, standard8Reports } from '../reports/standard8.ts';
import { renderBoardHtml } from '@caseload/report/html';
import { ChromiumMissingError, generatedText, htmlToPdf, PdfRenderError } from '@caseload/report/pdf';
import { chromiumPath, clockOf, openDb } from '../env.ts';
import { CliError, UsageError } from '../errors.ts';
import type { CliIo, Command } from '../run.ts';
import { isId, ID_RULE, toCsv as writeCsv } from '@caseload/values';

interface ReportArgs {
  agencyId: string;
  /** --as-of, default today (reports of kind 'asOf') */
  asOf: string;
  /** --from / --to (reports of kind 'period') */
  from: string | null;
  to: string | null;
  /** --team (repeatable); null when not given */
  teamIds: string[] | null;
  /** --program (repeatable); null when not given */
  programIds: string[] | null;
  /** --as-role board: the board's view (aggregates only, small cells withheld); null: the system's view */
  asRole: 'board' | null;
  /** --staff (reports that require it) */
  staffId: string | null;
  /** --standards FILE (report standards): a JSON list of rules in place of the agency's setting */
  standardsFile: string | null;
  /** --scenario FILE, read and checked (reports that take it) */
  scenario?: ForecastScenarioInput | null;
  /** --staffing-scenario NAME: the board report's "Staffing need" section from that saved scenario */
  staffingScenario?: string | null;
}

type Cell = string | number | boolean | null;
interface Table {
  header: string[];
  rows: Cell[][];
}

interface ReportDefinition<R = unknown> {
  /** 'asOf': takes --as-of; 'period': requires --from and --to */
  dates: 'asOf' | 'period';
  /** requires exactly one --team */
  requiresTeam?: boolean;
  /** requires --staff */
  requiresStaff?: boolean;
  /** takes --scenario FILE (what-if inputs) */
  takesScenario?: boolean;
  /** takes --staffing-scenario NAME (a saved forecast scenario) */
  takesStaffingScenario?: boolean;
  /** false when the report has no board view (it names staff or clients) */
  boardView?: boolean;
  run(db: Kysely<Database>, args: ReportArgs): Promise<R>;
  /** the flat table (or ready CSV text) printed by --format csv */
  csv(result: R): Table | string;
  /** the HTML document printed by --format pdf (reports without it have no PDF) */
  document?(result: R, meta: { agencyName: string; generatedAt: string }): string;
}

function define<R>(def: ReportDefinition<R>): ReportDefinition {
  return def;
}

const reports: Record<string, ReportDefinition> = {
  caseload: define<CaseloadReport | CaseloadView>({
    dates: 'asOf',
    async run(db, a) {
      const report = await caseloadReport(db, a.agencyId, { asOf: a.asOf, teamIds: a.teamIds, programIds: a.programIds });
      if (a.asRole !== 'board') return report;
      const { settings } = await standard9Settings(db, a.agencyId);
      return shapeCaseload(report, { kind: 'board', agencyId: a.agencyId }, settings.minCellSize);
    },
    csv: (r) =>
      'audience' in r
        ? groupTable(
            [
              'teamId',
              'members',
              'clients',
              'weightedHours',
              'capacityHours',
              'loadRatio',
              'maxLoadRatio',
              'minLoadRatio',
              'overCount',
              'cv',
            ],
            r.teams,
            r.agency,
            ['unassigned', 'uncovered'],
          )
        : {
            header: [
              'staffId',
              'teamId',
              'clients',
              'tier1',
              'tier2',
              'tier3',
              'tier4',
              'unassessed',
              'weightedHours',
              'capacityHours',
              'loadRatio',
              'band',
              'daysOverCapacity90',
              'otherHours',
              'workloadHours',
              'fte',
              'baseCapacityHours',
              'reductionPercent',
              'reductionHours',
            ],
            rows: r.staff.map((s) => [
              s.staffId,
              s.teamId,
              s.clients,
              s.tierCounts['1'],
              s.tierCounts['2'],
              s.tierCounts['3'],
              s.tierCounts['4'],
              s.tierCounts.unassessed,
              s.weightedHours,
              s.capacityHours,
              s.loadRatio,
              s.band,
              s.daysOverCapacity90,
              s.otherHours,
              s.workloadHours,
              s.fte,
              s.baseCapacityHours,
              s.reductionPercent,
              s.reductionHours,
            ]),
          },
  }),
  // Why one member's load is what it is: its parts, one row each, and the sentence.
  explain: define<Explanation>({
    dates: 'asOf',
    requiresStaff: true,
    boardView: false,
    run: (db, a) => explainLoad(db, a.agencyId, { staffId: a.staffId as string, asOf: a.asOf, programIds: a.programIds }),
    csv: (r) => ({
      header: ['part', 'what', 'value'],
      rows: [
        ...r.tiers.map((t): Cell[] => [
          'tier',
          `${t.tier === 'unassessed' ? 'unassessed' : `tier ${t.tier}`}: ${t.clients} × ${t.hoursPerClient} h`,
          t.hours,
        ]),
        ...r.items.map((i): Cell[] => ['item', `${i.itemId} ${i.kind}`, i.hoursPerMonth]),
        ['weightedHours', '', r.weightedHours],
        ['otherHours', '', r.otherHours],
        ['workloadHours', '', r.workloadHours],
        ['fte', '', r.fte],
        ['baseCapacityHours', '', r.baseCapacityHours],
        ...r.reductions.map((x): Cell[] => [
          'reduction',
          `${x.reductionId} ${x.reason} ${x.startOn}–${x.endOn ?? ''}`,
          x.percent !== null ? `${x.percent}%` : `${x.hoursPerMonth} h`,
        ]),
        ['capacityHours', '', r.capacityHours],
        ['loadRatio', '', r.loadRatio],
        ['band', '', r.band],
        ['daysOverCapacity90', '', r.daysOverCapacity90],
        ['sentence', '', r.sentence],
      ],
    }),
  }),
  'capacity-changes': define<CapacityChanges>({
    dates: 'asOf',
    boardView: false,
    run: (db, a) => capacityChanges(db, a.agencyId, { asOf: a.asOf, teamIds: a.teamIds }),
    csv: (r) => ({
      header: ['staffId', 'teamId', 'kind', 'id', 'change', 'on', 'detail', 'loadRatioBefore', 'loadRatioAfter'],
      rows: r.changes.map((c) => [c.staffId, c.teamId, c.kind, c.id, c.change, c.on, c.detail, c.loadRatioBefore, c.loadRatioAfter]),
    }),
  }),
  'data-quality': define<DataQualityReport>({
    dates: 'asOf',
    boardView: false,
    run: async (db, a) => (await dataQualityReport(db, a.agencyId, a.asOf)).report,
    csv: (r) => ({
      header: ['check', 'label', 'count', 'share', 'changeSincePreviousImport'],
      rows: r.checks.map((c) => [c.check, c.label, c.count, c.share, c.changeSincePreviousImport]),
    }),
  }),
  calibration: define<Calibration>({
    dates: 'period',
    run: (db, a) => calibrationReport(db, a.agencyId, { from: a.from as string, to: a.to as string, programIds: a.programIds }),
    csv: (r) => ({
      header: [
        'tier',
        'clientMonths',
        'contacts',
        'contactsWithMinutes',
        'contactMinutes',
        'observedHours',
        'modelHours',
        'suggestedHours',
      ],
      rows: r.tiers.map((t) => [
        t.tier,
        t.clientMonths,
        t.contacts,
        t.contactsWithMinutes,
        t.contactMinutes,
        t.observedHours,
        t.modelHours,
        t.suggestedHours,
      ]),
    }),
  }),
  compliance: define<ComplianceReport | ComplianceView>({
    dates: 'asOf',
    async run(db, a) {
      const report = await complianceReport(db, a.agencyId, { asOf: a.asOf, teamIds: a.teamIds, programIds: a.programIds });
      if (a.asRole !== 'board') return report;
      const { settings } = await standard9Settings(db, a.agencyId);
      return shapeCompliance(report, { kind: 'board', agencyId: a.agencyId }, settings.minCellSize);
    },
    csv: (r) => {
      const columns = ['contactDue', 'contactMet', 'contactRate', 'reassessDue', 'reassessOverdue', 'reassessDueSoon', 'reassessRate'];
      if ('audience' in r) return groupTable(['teamId', ...columns], r.teams, r.agency, []);
      return {
        header: ['staffId', 'teamId', ...columns],
        rows: r.staff.map((s) => [
          s.staffId,
          s.teamId,
          s.contactDue,
          s.contactMet,
          s.contactRate,
          s.reassessDue,
          s.reassessOverdue,
          s.reassessDueSoon,
          s.reassessRate,
        ]),
      };
    },
  }),
  // The board report: always suppressed for small numbers, whatever --as-role says.
  board: define<BoardReport>({
    dates: 'period',
    takesStaffingScenario: true,
    async run(db, a) {
      if (a.teamIds || a.programIds) throw new UsageError('report board covers the whole agency: --team and --program do not apply');
      const report = await boardReportWithStandards(db, a.agencyId, { from: a.from as string, to: a.to as string });
      if (!a.staffingScenario) return report;
      try {
        return {
          ...report,
          staffingNeed: await boardStaffingNeed(db, a.agencyId, { asOf: a.to as string, scenarioName: a.staffingScenario }),
        };
      } catch (err) {
        if (err instanceof ServiceError) throw new CliError(err.message);
        throw err;
      }
    },
    // one row per headline figure; a withheld value reads `suppressed`, a missing one is empty
    csv: (r) => ({
      header: ['figure', 'current', 'previous', 'change'],
      rows: Object.entries(r.headline).map(([figure, f]) => [
        figure,
        f.currentSuppressed ? 'suppressed' : f.current,
        f.previousSuppressed ? 'suppressed' : f.previous,
        f.change,
      ]),
    }),
    document: (r, meta) => renderBoardHtml(r, meta),
  }),
  // Each caseload standard over the periods of [from, to]; --standards FILE evaluates other rules.
  standards: define<StandardsReport | StandardsView>({
    dates: 'period',
    async run(db, a) {
      if (a.teamIds || a.programIds)
        throw new UsageError('report standards covers the whole agency: --team and --program do not apply (a rule names its own programs)');
      const rules = a.standardsFile === null ? null : await readStandardsFile(a.standardsFile);
      const report = await standardsReport(db, a.agencyId, { from: a.from as string, to: a.to as string, rules });
      if (a.asRole !== 'board') return report;
      const { settings } = await standard9Settings(db, a.agencyId);
      return shapeStandards(report, { kind: 'board', agencyId: a.agencyId }, settings.minCellSize);
    },
    csv: (r) => ({
      header: ['id', 'label', 'kind', 'limit', 'period', 'end', 'value', 'clients', 'missed', 'consecutiveMisses', 'correctionDue', 'over'],
      rows: r.standards.flatMap((s) =>
        s.periods.map((p): Cell[] => [
          s.id,
          s.label,
          s.kind,
          s.limit,
          p.period,
          p.end,
          p.value,
          p.clients,
          p.missed,
          p.consecutiveMisses,
          p.correctionDue,
          p.over.map((o) => `${o.staffId ?? o.teamId}:${o.value}`).join(';'),
        ]),
      ),
    }),
  }),
  // The staffing forecast (next 12 month ends) with optional what-if inputs, and its backtest.
  forecast: define<Forecast>({
    dates: 'asOf',
    boardView: false,
    takesScenario: true,
    run: (db, a) => staffingForecast(db, a.agencyId, { asOf: a.asOf, programIds: a.programIds, scenario: a.scenario ?? null }),
    csv: (r) => ({
      header: ['month', 'clients', 'tier1', 'tier2', 'tier3', 'tier4', 'unassessed', 'hoursNeeded', 'fteNeeded', 'fteAvailable', 'gap'],
      rows: r.months.map((m) => [
        m.month,
        m.clients,
        m.byState['1'],
        m.byState['2'],
        m.byState['3'],
        m.byState['4'],
        m.byState.unassessed,
        m.hoursNeeded,
        m.fteNeeded,
        m.fteAvailable,
        m.gap,
      ]),
    }),
  }),
  rebalance: define<RebalanceProposal>({
    dates: 'asOf',
    requiresTeam: true,
    boardView: false,
    run: (db, a) => rebalanceReport(db, a.agencyId, { teamId: (a.teamIds as string[])[0] as string, asOf: a.asOf }),
    // The proposal to export for the system of record: one row per move.
    csv: (r) => ({
      header: ['clientId', 'fromStaffId', 'toStaffId', 'hours', 'tier', 'daysWithHolder', 'reason'],
      rows: r.moves.map((m) => [m.clientId, m.fromStaffId, m.toStaffId, m.hours, m.tier, m.daysWithHolder, m.reason]),
    }),
  }),
};

// Standard 8 (packages/cli/src/reports/standard8.ts): period reports; --as-role board suppresses.
for (const [name, def] of Object.entries(standard8Reports)) {
  const d = def as Standard8ReportDefinition<unknown>;
  reports[name] = {
    dates: 'period',
    run: (db, a) =>
      d.run(db, a.agencyId, {
        from: a.from as string,
        to: a.to as string,
        programIds: a.programIds,
        teamIds: a.teamIds,
        suppress: a.asRole === 'board',
      }),
    csv: (r) => d.toCsv(r),
  };
}

/**
 * The board's CSV: one row per team and a last row for the agency ("agency" in the
 * first column); a withheld cell reads `suppressed`, a value that does not exist is empty.
 */
function groupTable(
  header: string[],
  teams: ReadonlyArray<Record<string, unknown> & { suppressed: Partial<Record<string, true>> }>,
  agency: (Record<string, unknown> & { suppressed: Partial<Record<string, true>> }) | null,
  agencyOnly: string[],
): Table {
  const cell = (row: Record<string, unknown> & { suppressed: Partial<Record<string, true>> }, key: string): Cell =>
    row.suppressed[key] ? 'suppressed' : ((row[key] ?? null) as Cell);
  const rows: Cell[][] = teams.map((t) => [...header.map((k) => cell(t, k)), ...agencyOnly.map(() => null)]);
  if (agency) rows.push(['agency', ...header.slice(1).map((k) => cell(agency, k)), ...agencyOnly.map((k) => cell(agency, k))]);
  return { header: [...header, ...agencyOnly], rows };
}

function toCsv(t: Table): string {
  return writeCsv(t.header, t.rows);
}

function date(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!isDateString(value)) throw new UsageError(`${flag} must be a date written YYYY-MM-DD (got "${value}")`);
  return value;
}

function ids(values: string[] | undefined, flag: string): string[] | null {
  if (!values || values.length === 0) return null;
  for (const v of values) if (!isId(v)) throw new UsageError(`${flag} "${v}" is not an id (${ID_RULE})`);
  return values;
}

async function requireKnown(db: Kysely<Database>, agencyId: string, teamIds: string[] | null, programIds: string[] | null) {
  for (const teamId of teamIds ?? []) {
    const t = await db
      .selectFrom('teams')
      .select('team_id')
      .where('agency_id', '=', agencyId)
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    if (!t) throw new CliError(`agency ${agencyId} has no team ${teamId}`);
  }
  for (const programId of programIds ?? []) {
    const p = await db
      .selectFrom('programs')
      .select('program_id')
      .where('agency_id', '=', agencyId)
      .where('program_id', '=', programId)
      .executeTakeFirst();
    if (!p) throw new CliError(`agency ${agencyId} has no program ${programId}`);
  }
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The rules of a --standards FILE (a JSON list), or an error naming the file, line and column. */
async function readStandardsFile(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineColumn(text, Number(at[1])) : lineColumn(text, text.length);
    throw new CliError(`${path}:${where.line}:${where.column}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
  }
  if (!Array.isArray(value)) throw new CliError(`${path}:1:1: expected a JSON list of standards ([{"id": …, "kind": …}, …])`);
  try {
    return parseStandards(value);
  } catch (err) {
    if (err instanceof ServiceError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

async function printPdf(html: string, executablePath: string): Promise<Uint8Array> {
  try {
    return await htmlToPdf(html, { executablePath });
  } catch (err) {
    if (err instanceof ChromiumMissingError || err instanceof PdfRenderError) throw new CliError(err.message);
    throw err;
  }
}

/** Writes text or bytes (binary-safe) and waits until the stream has taken them. */
function write(out: CliIo['stdout'], data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

export const report: Command = {
  name: 'report',
  usage:
    'report NAME --agency ID [--as-of D] [--from F --to T] [--team ID] [--program ID] [--as-role board] --format json|csv\n' +
    '  report explain --agency ID --staff ID --as-of D\n' +
    '  report standards --agency ID --from F --to T [--standards FILE]\n' +
    '  report forecast --agency ID --as-of D [--scenario FILE]\n' +
    '  report board --agency ID --from F --to T [--staffing-scenario NAME] --format pdf > report.pdf',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        agency: { type: 'string' },
        'as-of': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        team: { type: 'string', multiple: true },
        program: { type: 'string', multiple: true },
        format: { type: 'string' },
        'as-role': { type: 'string' },
        staff: { type: 'string' },
        standards: { type: 'string' },
        scenario: { type: 'string' },
        'staffing-scenario': { type: 'string' },
      },
      allowPositionals: true,
    });
    const names = Object.keys(reports).sort();
    if (positionals.length !== 1) throw new UsageError(`name one report: ${names.join(', ')}`);
    const name = positionals[0] as string;
    const def = reports[name];
    if (!def) throw new UsageError(`unknown report "${name}"; reports: ${names.join(', ')}`);
    if (!values.agency) throw new UsageError('--agency is required');
    if (!isId(values.agency)) throw new UsageError(`--agency "${values.agency}" is not an id`);
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'pdf') throw new UsageError(`--format is json, csv or pdf (got "${format}")`);
    if (format === 'pdf') {
      const withPdf = names.filter((n) => reports[n]?.document);
      if (!def.document) throw new UsageError(`report ${name} has no PDF; --format pdf is for: ${withPdf.join(', ')}`);
      if ((io.stdout as { isTTY?: boolean }).isTTY) {
        throw new UsageError('a PDF is not written to a terminal; redirect it to a file: ... --format pdf > report.pdf');
      }
    }

    const asOfFlag = date(values['as-of'], '--as-of');
    const from = date(values.from, '--from');
    const to = date(values.to, '--to');
    if (def.dates === 'asOf' && (from || to)) throw new UsageError(`report ${name} is as of one date: use --as-of, not --from/--to`);
    if (def.dates === 'period') {
      if (!from || !to) throw new UsageError(`report ${name} needs --from and --to`);
      if (to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
      if (asOfFlag) throw new UsageError(`report ${name} covers a period: use --from and --to, not --as-of`);
    }
    const asRole = values['as-role'] ?? null;
    if (asRole !== null && asRole !== 'board') throw new UsageError(`--as-role takes only board (got "${asRole}")`);
    if (asRole === 'board' && def.boardView === false) {
      throw new UsageError(`report ${name} has no board view: it names staff and clients`);
    }
    const teamIds = ids(values.team, '--team');
    const programIds = ids(values.program, '--program');
    if (def.requiresTeam && teamIds?.length !== 1) throw new UsageError(`report ${name} needs exactly one --team`);
    const staffId = values.staff ?? null;
    if (staffId !== null && !isId(staffId)) throw new UsageError(`--staff "${staffId}" is not an id`);
    if (def.requiresStaff && staffId === null) throw new UsageError(`report ${name} needs --staff`);
    if (!def.requiresStaff && staffId !== null) throw new UsageError(`report ${name} does not take --staff`);
    const standardsFile = values.standards ?? null;
    if (standardsFile !== null && name !== 'standards') throw new UsageError(`only report standards takes --standards`);
    if (values.scenario !== undefined && !def.takesScenario) throw new UsageError(`report ${name} does not take --scenario`);
    const scenario = values.scenario !== undefined ? await readScenarioFile(values.scenario) : null;
    const staffingScenario = values['staffing-scenario'] ?? null;
    if (staffingScenario !== null && !def.takesStaffingScenario) throw new UsageError(`report ${name} does not take --staffing-scenario`);

    const h = await openDb(io.env);
    try {
      const agencyId = values.agency;
      if (!(await findAgency(h.db, agencyId))) throw new CliError(`there is no agency ${agencyId}`);
      await requireKnown(h.db, agencyId, teamIds, programIds);
      const clock = clockOf(io.env);
      const reportArgs: ReportArgs = {
        agencyId,
        asOf: asOfFlag ?? (await agencyToday(h.db, agencyId, clock)),
        from,
        to,
        teamIds,
        programIds,
        asRole,
        staffId,
        standardsFile,
        scenario,
        staffingScenario,
      };
      const result = await def.run(h.db, reportArgs);
      let output: string | Uint8Array;
      if (format === 'pdf') {
        const agency = await findAgency(h.db, agencyId);
        const html = (def.document as NonNullable<ReportDefinition['document']>)(result, {
          agencyName: agency?.name ?? agencyId,
          generatedAt: generatedText(clock, (await standard9Settings(h.db, agencyId)).settings.timeZone),
        });
        output = await printPdf(html, chromiumPath(io.env));
      } else {
        const table = format === 'csv' ? def.csv(result) : null;
        output = table === null ? `${JSON.stringify(result, null, 2)}\n` : typeof table === 'string' ? table : toCsv(table);
      }
      // audited before the export is handed over
      await writeAudit(h.db, {
        agencyId,
        userId: null,
        actor: 'cli',
        action: AUDIT_ACTIONS.export,
        details: {
          report: name,
          format,
          asRole,
          filters: {
            asOf: def.dates === 'asOf' ? reportArgs.asOf : null,
            from,
            to,
            teamIds,
            programIds,
            ...(staffId ? { staffId } : {}),
            ...(scenario ? { scenario } : {}),
            ...(staffingScenario ? { staffingScenario } : {}),
          },
        },
      });
      await write(io.stdout, output);
      return 0;
    } finally {
      await h.close();
    }
  },
};
