/**
 * Quality reviews (NASW Standard 8: documented corrective measures): review scores
 * and the pass rate against the agency's pass score, corrective actions open and
 * overdue, time to close, and each finding from review to closure.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { SelectFilter } from '../../components/Filters.tsx';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatCount, formatDate, formatPercent, isWithheldText } from '../../lib/format.ts';
import { trpc } from '../../trpc.ts';
import { PeriodFilters, type Standard8Input, type Standard8State, useStandard8Filters } from '../../components/PeriodFilters.tsx';
import { useToday } from '../../lib/today.ts';
import { periodLabel } from '../../lib/period.ts';
import { actionsCsv, actionsForPeriod, mapQa, type QaView, qaMonthlyCsv } from './mapQa.ts';
import { QaChart } from './QaChart.tsx';
import { WithheldNote } from '../../components/WithheldNote.tsx';

const withheldClass = (text: string) => (isWithheldText(text) ? ' withheld' : '');

export function QualityPage({ me }: { me: Me }) {
  const state = useStandard8Filters();
  const report = useQuery({ ...trpc.qa.report.queryOptions(state.input), placeholderData: keepPreviousData });
  const view = useMemo(() => (report.data ? mapQa(report.data) : null), [report.data]);
  return (
    <>
      <PageHeader title="Quality reviews">
        <p>
          Case record reviews {periodLabel(state.period)} and the corrective actions that followed (NASW Standard 8)
          {view ? (
            <>
              {' '}
              · pass score <strong>{view.qaPassScore}</strong> · settings version {view.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>
      <PeriodFilters me={me} state={state} updating={report.isFetching && report.isPlaceholderData} />
      {report.isPending ? (
        <Loading label="Loading quality reviews…" rows={5} />
      ) : report.isError ? (
        <ErrorState title="Quality reviews could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : view ? (
        <QaBody view={view} filters={state.exportFilters} />
      ) : null}
      {me.role !== 'board' && view ? (
        <ActionsSection input={state.input} view={view} staffNames={state.names.staff} filters={state.exportFilters} />
      ) : null}
    </>
  );
}

function QaBody({ view, filters }: { view: QaView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  const t = view.total;
  return (
    <>
      <WithheldNote withheldCells={view.withheldCells} minCellSize={view.minCellSize} of="reviews" />
      <section className="tiles-section" aria-label="Quality reviews at a glance">
        <div className="tiles">
          <Tile label="Reviews" value={t.reviewsText} detail={`mean score ${t.meanScoreText}`} />
          <Tile
            label="Pass rate"
            value={isWithheldText(t.passRateText) ? t.passRateText : formatPercent(t.passRate)}
            detail={`${t.passRateText} — scores of ${view.qaPassScore} or more ÷ reviews`}
          />
          <Tile
            label="Corrective actions open"
            value={t.openText}
            detail={`as of ${formatDate(view.to)}; ${t.overdueText} past their due date`}
            tone={t.values.overdue !== null && t.values.overdue > 0 ? 'alarm' : 'plain'}
          />
          <Tile label="Time to close" value={t.medianDaysToCloseText} detail={`median, ${t.closedText} actions closed in the period`} />
        </div>
      </section>
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-header">
          <h2 id={`${id}-title`}>Reviews and corrective actions, month by month</h2>
          <p id={id} className="card-description">
            Pass rate: reviews scoring {view.qaPassScore} or more ÷ reviews in the month. Open and overdue actions are counted at each
            month's end; time to close is the median days from review to closure of actions closed in the month.
          </p>
        </div>
        {t.values.reviews === 0 ? (
          <EmptyState title={`No quality reviews ${periodLabel(view)}`} />
        ) : (
          <figure className="chart">
            <QaChart view={view} describedBy={id} />
            <figcaption className="visually-hidden">
              Chart of pass rate and mean score by month; the same figures are in the table below.
            </figcaption>
          </figure>
        )}
        <div className="table-block">
          <div className="table-toolbar">
            <h3 id={`${id}-table`}>Table: month by month</h3>
            <CsvButton build={() => qaMonthlyCsv(view, filters)} of="quality reviews by month" describedBy={`${id}-table`} />
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
            <table className="data-table qa-monthly-table" aria-labelledby={`${id}-table`}>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Reviews
                  </th>
                  <th scope="col" className="num">
                    Mean score
                  </th>
                  <th scope="col" className="num">
                    Pass rate = passed ÷ reviews
                  </th>
                  <th scope="col" className="num">
                    Actions open (overdue) at month end
                  </th>
                  <th scope="col" className="num">
                    Closed · median days to close
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.monthly.map((m) => (
                  <tr key={m.month} data-month={m.month}>
                    <th scope="row">{m.label}</th>
                    <td className={`num${withheldClass(m.reviewsText)}`}>{m.reviewsText}</td>
                    <td className={`num${withheldClass(m.meanScoreText)}`}>{m.meanScoreText}</td>
                    <td className={`num${withheldClass(m.passRateText)}`}>
                      <strong>{m.passRateText}</strong>
                    </td>
                    <td className="num">
                      {m.openText} ({m.overdueText})
                    </td>
                    <td className="num">
                      {m.closedText} · {m.medianDaysToCloseText}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Whole period</th>
                  <td className={`num${withheldClass(t.reviewsText)}`}>{t.reviewsText}</td>
                  <td className={`num${withheldClass(t.meanScoreText)}`}>{t.meanScoreText}</td>
                  <td className={`num${withheldClass(t.passRateText)}`}>
                    <strong>{t.passRateText}</strong>
                  </td>
                  <td className="num">
                    {t.openText} ({t.overdueText})
                  </td>
                  <td className="num">
                    {t.closedText} · {t.medianDaysToCloseText}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      </section>
    </>
  );
}

const statusOptions = [
  { value: 'all', label: 'All, with closed ones' },
  { value: 'open', label: 'Open' },
  { value: 'overdue', label: 'Overdue' },
] as const;

function ActionsSection({
  input,
  view,
  staffNames,
  filters,
}: {
  input: Standard8Input;
  view: QaView;
  staffNames: ReadonlyMap<string, string>;
  filters: Standard8State['exportFilters'];
}) {
  const id = useId();
  const [status, setStatus] = useState<'all' | 'open' | 'overdue'>('all');
  const today = useToday();
  const asOf = input.to < today ? input.to : today;
  // the period's actions and older ones still open (what the table shows), not the agency's whole history
  const query: { asOf: string; from: string; status: 'all' | 'open' | 'overdue'; programId?: string; teamId?: string } = {
    asOf,
    from: input.from,
    status,
  };
  if (input.programId) query.programId = input.programId;
  if (input.teamId) query.teamId = input.teamId;
  const actions = useQuery({ ...trpc.qa.actions.queryOptions(query), placeholderData: keepPreviousData });
  const rows = useMemo(
    () => (actions.data ? actionsForPeriod(actions.data.actions, input, view.qaPassScore, staffNames) : []),
    [actions.data, input, view.qaPassScore, staffNames],
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Corrective actions, from review to closure</h2>
        <p className="card-description">
          Each finding that needed a corrective action: the review, the action and its due date, and when it was closed — or how long it has
          been open. Shown: actions from reviews in the period, and older ones still open on {formatDate(asOf)}. Most overdue first, then
          newest review first.
        </p>
      </div>
      <div className="s8-actions-row no-print">
        <SelectFilter
          label="Show"
          value={status}
          allLabel={null}
          options={statusOptions}
          onChange={(v) => setStatus(v === 'open' || v === 'overdue' ? v : 'all')}
        />
      </div>
      {actions.isPending ? (
        <Loading label="Loading corrective actions…" rows={3} />
      ) : actions.isError ? (
        <ErrorState title="Corrective actions could not be loaded" error={actions.error} onRetry={() => void actions.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title={status === 'all' ? 'No corrective actions in this period' : `No ${status} corrective actions on ${formatDate(asOf)}`}
        />
      ) : (
        <div className="table-block">
          <div className="table-toolbar">
            <h3 id={`${id}-table`}>
              Table: {formatCount(rows.length)} corrective action{rows.length === 1 ? '' : 's'}
            </h3>
            <CsvButton build={() => actionsCsv(rows, view, filters)} of="corrective actions" describedBy={`${id}-table`} />
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
            <table className="data-table qa-actions-table" aria-labelledby={`${id}-table`}>
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Case manager</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Corrective action</th>
                  <th scope="col">History</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.reviewId} data-review-id={r.reviewId}>
                    <th scope="row">
                      {r.reviewId}
                      <span className="ratio-detail">score {r.score}</span>
                    </th>
                    <td>{r.staffName}</td>
                    <td className="s8-cell-text">{r.findings ?? '—'}</td>
                    <td className="s8-cell-text">{r.correctiveAction}</td>
                    <td>
                      <ol className="s8-timeline">
                        {r.steps.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ol>
                    </td>
                    <td>
                      <span className={`s8-status s8-status-${r.tone}`}>{r.status}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
