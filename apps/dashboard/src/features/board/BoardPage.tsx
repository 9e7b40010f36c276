/**
 * The board report: pick a federal fiscal quarter, year or custom period (kept
 * in the address), read the report against the previous period, and take it to the
 * board: print it, download the PDF (printed and audited by the server), or download
 * every figure as JSON or CSV for funders' templates (audited before the file is
 * handed over). Small-cell suppression always applies, whoever opens it.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  BOARD_DATA_CSV_HEADER,
  BoardDocument,
  boardData,
  boardDataCsvRows,
  boardDataFileStem,
  boardDocumentCss,
  describePeriod,
} from '@caseload/report';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { ErrorState, Loading, Notice } from '../../components/states.tsx';
import { toCsv } from '../../lib/csv.ts';
import { auditedFileDownload } from '../../lib/export.ts';
import { formatDate } from '../../lib/format.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { type RouterOutputs, trpc } from '../../trpc.ts';
import { useToday } from '../../lib/today.ts';
import { type BoardPeriod, boardPeriodOptions, choiceOf, parseBoardPeriod } from './boardPeriod.ts';
import { StaffingScenarioPicker } from '../../components/StaffingScenarioPicker.tsx';
import './board.css';

type BoardReport = RouterOutputs['board']['report'];

export function BoardPage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const today = useToday();
  const { period, problems } = parseBoardPeriod(search, today);
  const staffing = search.get('staffing') || null;
  const report = useQuery({
    ...trpc.board.report.queryOptions({ ...period, ...(staffing ? { staffingScenario: staffing } : {}) }),
    placeholderData: keepPreviousData,
  });
  const shown = report.data;
  const stale = shown !== undefined && (shown.from !== period.from || shown.to !== period.to);

  return (
    <div className="board-page">
      <div className="no-print">
        <PageHeader title="Board report">
          <p>
            {describePeriod(period)}
            {shown && !stale ? <> · compared with {describePeriod(shown.previous)}</> : null}
            {shown ? <> · settings version {shown.settingsVersion}</> : null}
          </p>
        </PageHeader>
        <BoardPeriodPicker
          period={period}
          today={today}
          onChange={(p) => setParams({ from: p.from, to: p.to })}
          updating={report.isFetching}
        />
        {me.role === 'director' || me.role === 'admin' ? (
          <StaffingScenarioPicker value={staffing} onChange={(name) => setParams({ staffing: name })} />
        ) : null}
        {problems.map((p) => (
          <Notice key={p}>{p}</Notice>
        ))}
        {shown && !stale ? <BoardActions report={shown} agencyName={me.agency.name} /> : null}
      </div>
      {report.isError ? (
        <ErrorState title="The board report could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : !shown ? (
        <Loading label="Preparing the board report…" rows={6} />
      ) : (
        <div className="board-sheet" aria-busy={stale ? true : undefined}>
          <style>{boardDocumentCss}</style>
          <BoardDocument report={shown} agencyName={me.agency.name} generatedAt={formatDate(today)} />
        </div>
      )}
    </div>
  );
}

function BoardPeriodPicker({
  period,
  today,
  onChange,
  updating,
}: {
  period: BoardPeriod;
  today: string;
  onChange: (p: BoardPeriod) => void;
  updating: boolean;
}) {
  const id = useId();
  const options = useMemo(() => boardPeriodOptions(today), [today]);
  const choice = choiceOf(period, options);
  const [custom, setCustom] = useState(choice === 'custom');
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);
  const showDates = custom || choice === 'custom';
  const problem = !from || !to ? 'Enter both dates.' : from > to ? 'The period must start before it ends.' : null;

  return (
    <>
      <div className="filters" role="group" aria-label="Report period">
        <div className="field">
          <label htmlFor={`${id}-period`}>Period</label>
          <select
            id={`${id}-period`}
            value={showDates ? 'custom' : choice}
            onChange={(e) => {
              if (e.target.value === 'custom') {
                setCustom(true);
                return;
              }
              const option = options.find((o) => o.key === e.target.value);
              if (option) {
                setCustom(false);
                onChange({ from: option.from, to: option.to });
              }
            }}
          >
            <optgroup label="Federal fiscal quarters">
              {options
                .filter((o) => o.kind === 'quarter')
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
            </optgroup>
            <optgroup label="Federal fiscal years (October–September)">
              {options
                .filter((o) => o.kind === 'year')
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
            </optgroup>
            <option value="custom">Custom dates…</option>
          </select>
        </div>
        {showDates ? (
          <form
            className="board-custom"
            onSubmit={(e) => {
              e.preventDefault();
              if (!problem) onChange({ from, to });
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-from`}>From</label>
              <input
                id={`${id}-from`}
                type="date"
                value={from}
                min="2000-01-01"
                max="2100-12-31"
                onChange={(e) => setFrom(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>To</label>
              <input
                id={`${id}-to`}
                type="date"
                value={to}
                min="2000-01-01"
                max="2100-12-31"
                onChange={(e) => setTo(e.target.value)}
                aria-invalid={problem !== null ? true : undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
              />
            </div>
            <button type="submit" className="button" disabled={problem !== null}>
              Show
            </button>
          </form>
        ) : null}
        <Updating active={updating} />
      </div>
      {showDates && problem ? (
        <p id={`${id}-problem`} className="field-error" role="status">
          {problem}
        </p>
      ) : null}
    </>
  );
}

function BoardActions({ report, agencyName }: { report: BoardReport; agencyName: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'json' | 'csv' | null>(null);
  // the PDF has the same sections as the page: with its staffing scenario when it has one
  const pdfHref = `/reports/board.pdf?${new URLSearchParams({
    from: report.from,
    to: report.to,
    ...(report.staffingNeed ? { staffing: report.staffingNeed.scenarioName } : {}),
  }).toString()}`;
  const download = (format: 'json' | 'csv') => {
    const data = boardData(report, agencyName);
    const stem = boardDataFileStem(report);
    const content = format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toCsv(BOARD_DATA_CSV_HEADER, boardDataCsvRows(data));
    setBusy(format);
    setProblem(null);
    auditedFileDownload({ fileName: `${stem}.${format}`, format, content, rows: data.figures.length })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(null));
  };
  return (
    <div className="board-actions" role="group" aria-label="Take the report to the board">
      <button type="button" className="button" onClick={() => window.print()}>
        Print
      </button>
      <a className="button button-secondary" href={pdfHref}>
        Download PDF
      </a>
      <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => download('json')}>
        Board data (JSON)
      </button>
      <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => download('csv')}>
        Board data (CSV)
      </button>
      <p className="muted small board-actions-note">
        Every figure of the report, this period and the previous one, with changes and withheld marks. Downloads are recorded in the audit
        log.
      </p>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
