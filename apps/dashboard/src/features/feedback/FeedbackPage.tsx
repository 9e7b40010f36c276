/**
 * Client feedback (NASW Standard 8, metrics.md "Client feedback"): each survey item
 * as a distribution of answers with top-2 and n, the response rate, the monthly q1
 * trend with n, and comparisons by program, team and provider (in name order; the
 * board sees the same page with small cells withheld). Survey comments, searchable,
 * for the roles allowed to read them.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatCount, formatDate, formatPercent, isWithheldText } from '../../lib/format.ts';
import { withheldListText } from '../../lib/report.ts';
import { trpc } from '../../trpc.ts';
import { AnswerLegend, ItemDistributionChart, MonthlyTop2Chart } from './FeedbackCharts.tsx';
import { answerLabels, type FeedbackView, type GroupRow, groupsCsv, itemsCsv, mapFeedback, monthlyCsv } from './mapFeedback.ts';
import { PeriodFilters, type Standard8Input, type Standard8State, useStandard8Filters } from '../../components/PeriodFilters.tsx';
import { periodLabel } from '../../lib/period.ts';
import { WithheldNote } from '../../components/WithheldNote.tsx';
import { largestChanges } from './largestChanges.ts';
import { previousDatePeriod } from '@caseload/report';

/** roles the API lets read survey comments (feedback.comments) */
const commentReaders: readonly Me['role'][] = ['admin', 'director', 'program_manager'];

export function FeedbackPage({ me }: { me: Me }) {
  const state = useStandard8Filters();
  const report = useQuery({
    ...trpc.feedback.report.queryOptions(state.input),
    placeholderData: keepPreviousData,
  });
  const view = useMemo(() => (report.data ? mapFeedback(report.data, state.names) : null), [report.data, state.names]);
  // the previous period of the same length, for the largest changes by team
  const previous = previousDatePeriod({ from: state.input.from, to: state.input.to });
  const before = useQuery({
    ...trpc.feedback.report.queryOptions({ ...state.input, from: previous.from, to: previous.to }),
    placeholderData: keepPreviousData,
    enabled: report.isSuccess,
  });
  const beforeView = useMemo(() => (before.data ? mapFeedback(before.data, state.names) : null), [before.data, state.names]);

  return (
    <>
      <PageHeader title="Client feedback">
        <p>
          Survey answers received {periodLabel(state.period)} (NASW Standard 8: evaluation of services)
          {view ? <> · settings version {view.settingsVersion}</> : null}
        </p>
      </PageHeader>
      <PeriodFilters me={me} state={state} updating={report.isFetching && report.isPlaceholderData} />
      {report.isPending ? (
        <Loading label="Loading the feedback report…" rows={5} />
      ) : report.isError ? (
        <ErrorState title="The feedback report could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : view ? (
        <>
          {beforeView ? <LargestChanges view={view} before={beforeView} /> : null}
          <FeedbackBody view={view} me={me} filters={state.exportFilters} />
        </>
      ) : null}
      {commentReaders.includes(me.role) ? <CommentsSection input={state.input} /> : null}
    </>
  );
}

/** Each team's overall satisfaction against the previous period, the largest falls first. */
function LargestChanges({ view, before }: { view: FeedbackView; before: FeedbackView }) {
  const id = useId();
  const rows = largestChanges(view.byTeam, before.byTeam, 'q1');
  if (rows.length < 2) return null;
  return (
    <section className="card" aria-labelledby={id} data-testid="largest-changes">
      <div className="card-header">
        <h2 id={id}>Largest changes by team</h2>
        <p className="card-description">
          Overall satisfaction (answers of 4 or 5) {periodLabel(view)} against the previous period of the same length ({periodLabel(before)}
          ), the largest falls first, so a dip in one team shows without opening each team.
        </p>
      </div>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col" className="num">
                This period
              </th>
              <th scope="col" className="num">
                Previous period
              </th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-team-id={r.id}>
                <th scope="row">{r.name}</th>
                <td className={`num${isWithheldText(r.nowText) ? ' withheld' : ''}`}>{r.nowText}</td>
                <td className={`num${isWithheldText(r.beforeText) ? ' withheld' : ''}`}>{r.beforeText}</td>
                <td>
                  {r.points !== null && r.points < 0 ? (
                    <strong>▼ {r.changeText}</strong>
                  ) : r.points !== null && r.points > 0 ? (
                    `▲ ${r.changeText}`
                  ) : (
                    r.changeText
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FeedbackBody({ view, me, filters }: { view: FeedbackView; me: Me; filters: Standard8State['exportFilters'] }) {
  const q1 = view.items.find((i) => i.item === 'q1');
  return (
    <>
      <WithheldNote withheldCells={view.withheldCells} minCellSize={view.minCellSize} of="people" showCount />
      <section className="tiles-section" aria-label="Feedback at a glance">
        <div className="tiles">
          <Tile label="Responses received" value={view.responsesText} detail={`surveys returned ${periodLabel(view)}`} />
          <Tile
            label="Response rate"
            value={isWithheldText(view.responseRateText) ? view.responseRateText : formatPercent(view.responseRate)}
            detail={`${view.responseRateText} — invitations sent in the period that came back ÷ sent`}
          />
          <Tile
            label="Satisfied overall (Q1 top-2)"
            value={q1 ? (isWithheldText(q1.top2Text) ? q1.top2Text : formatPercent(q1.top2)) : '—'}
            detail={q1 ? `${q1.top2Text} — answers of 4 or 5 ÷ answers` : undefined}
          />
        </div>
      </section>
      {view.responses === 0 ? (
        <EmptyState title={`No survey responses were received ${periodLabel(view)}`}>
          <p>Choose a longer period, or another program or team.</p>
        </EmptyState>
      ) : (
        <>
          <ItemsSection view={view} filters={filters} />
          <MonthlySection view={view} filters={filters} />
          <ComparisonSection view={view} me={me} filters={filters} />
        </>
      )}
    </>
  );
}

function ItemsSection({ view, filters }: { view: FeedbackView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Answers by survey item</h2>
        <p id={id} className="card-description">
          Each bar is 100% of the people who answered the item: disagree to the left of zero, agree to the right, neutral split across zero.
          Top-2 is the share answering 4 (agree) or 5 (strongly agree); n is how many answered.
        </p>
      </div>
      <AnswerLegend withheld={view.items.some((i) => i.segments?.withheldAnswers)} minCellSize={view.minCellSize} />
      <figure className="chart">
        <ItemDistributionChart view={view} describedBy={id} />
        <figcaption className="visually-hidden">
          Diverging bar chart of answers by item; the same figures are in the table below.
        </figcaption>
      </figure>
      <div className="table-block">
        <div className="table-toolbar">
          <h3 id={`${id}-table`}>Table: answers by survey item</h3>
          <CsvButton build={() => itemsCsv(view, filters)} of="answers by survey item" describedBy={`${id}-table`} />
        </div>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
          <table className="data-table feedback-items-table" aria-labelledby={`${id}-table`}>
            <thead>
              <tr>
                <th scope="col">Item</th>
                {answerLabels.map((label, k) => (
                  <th key={label} scope="col" className="num">
                    {k + 1} {label}
                  </th>
                ))}
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col" className="num">
                  Top-2 = (4 + 5) ÷ n
                </th>
                <th scope="col" className="num">
                  Mean (1–5)
                </th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((r) => (
                <tr key={r.item} data-item={r.item}>
                  <th scope="row">
                    {r.label}
                    <span className="s8-statement">{r.statement}</span>
                  </th>
                  {r.countTexts.map((t, k) => (
                    <td key={answerLabels[k]} className={`num${isWithheldText(t) ? ' withheld' : ''}`}>
                      {t}
                    </td>
                  ))}
                  <td className="num">{r.nText}</td>
                  <td className={`num${isWithheldText(r.top2Text) ? ' withheld' : ''}`}>{r.top2Text}</td>
                  <td className={`num${isWithheldText(r.meanText) ? ' withheld' : ''}`}>{r.meanText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function MonthlySection({ view, filters }: { view: FeedbackView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Satisfied overall, month by month (Q1 top-2)</h2>
        <p id={id} className="card-description">
          “Overall, I am satisfied with the case management I receive.” The line is the share of answers received in the month that were 4
          or 5; the grey bars are how many answered (n). A month with no answers has no point.
        </p>
      </div>
      <figure className="chart">
        <MonthlyTop2Chart view={view} describedBy={id} />
        <figcaption className="visually-hidden">Line chart of q1 top-2 by month; the same figures are in the table below.</figcaption>
      </figure>
      <div className="table-block">
        <div className="table-toolbar">
          <h3 id={`${id}-table`}>Table: month by month</h3>
          <CsvButton build={() => monthlyCsv(view, filters)} of="feedback by month" describedBy={`${id}-table`} />
        </div>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
          <table className="data-table feedback-monthly-table" aria-labelledby={`${id}-table`}>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  Q1 answers (n)
                </th>
                <th scope="col" className="num">
                  Q1 top-2 = (4 + 5) ÷ n
                </th>
                <th scope="col" className="num">
                  Responses
                </th>
                <th scope="col" className="num">
                  Response rate = came back ÷ invitations sent
                </th>
              </tr>
            </thead>
            <tbody>
              {view.monthly.map((m) => (
                <tr key={m.month} data-month={m.month}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.nText}</td>
                  <td className="num">
                    <strong>{m.top2Text}</strong>
                  </td>
                  <td className="num">
                    {m.responses === null
                      ? m.withheld.includes('responses')
                        ? withheldListText(m, 'responses', view.minCellSize)
                        : '—'
                      : formatCount(m.responses)}
                  </td>
                  <td className="num">{m.responseRateText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function ComparisonSection({ view, me, filters }: { view: FeedbackView; me: Me; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  const groups: Array<{ by: 'program' | 'team' | 'provider'; title: string; rows: GroupRow[] }> = [
    { by: 'program', title: 'By program', rows: view.byProgram },
    { by: 'team', title: 'By team', rows: view.byTeam },
    { by: 'provider', title: 'By provider (responses that name the provider)', rows: view.byProvider },
  ];
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Comparison by program, team and provider</h2>
        <p className="card-description">
          Top-2 per item (answers of 4 or 5 ÷ answers), in name order
          {me.role === 'board' ? '; groups with fewer than ' + view.minCellSize + ' responses are withheld' : ''}.
        </p>
      </div>
      {groups.map((g) =>
        g.rows.length === 0 ? null : (
          <div className="table-block" key={g.by}>
            <div className="table-toolbar">
              <h3 id={`${id}-${g.by}`}>{g.title}</h3>
              <CsvButton
                build={() => groupsCsv(view, g.by, filters)}
                of={`feedback ${g.title.toLowerCase()}`}
                describedBy={`${id}-${g.by}`}
              />
            </div>
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-${g.by}`}>
              <table className={`data-table feedback-by-${g.by}-table`} aria-labelledby={`${id}-${g.by}`}>
                <thead>
                  <tr>
                    <th scope="col">{g.by === 'program' ? 'Program' : g.by === 'team' ? 'Team' : 'Provider'}</th>
                    <th scope="col" className="num">
                      Responses
                    </th>
                    {view.items.map((i) => (
                      <th key={i.item} scope="col" className="num" title={i.statement}>
                        {i.label} top-2
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {g.rows.map((r) => (
                    <tr key={r.id} data-id={r.id}>
                      <th scope="row">{r.name}</th>
                      <td className={`num${isWithheldText(r.responsesText) ? ' withheld' : ''}`}>{r.responsesText}</td>
                      {r.items.map((it) => (
                        <td key={it.item} className={`num${isWithheldText(it.text) ? ' withheld' : ''}`}>
                          {it.text}
                          {it.detail ? <span className="ratio-detail">{it.detail}</span> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ),
      )}
    </section>
  );
}

const pageSize = 20;

function CommentsSection({ input }: { input: Standard8Input }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(draft.trim());
      setOffset(0);
    }, 350);
    return () => clearTimeout(timer);
  }, [draft]);
  useEffect(() => setOffset(0), [input.from, input.to, input.programId]);
  const query: { from: string; to: string; programId?: string; search?: string; limit: number; offset: number } = {
    from: input.from,
    to: input.to,
    limit: pageSize,
    offset,
  };
  if (input.programId) query.programId = input.programId;
  if (search) query.search = search;
  const comments = useQuery({ ...trpc.feedback.comments.queryOptions(query), placeholderData: keepPreviousData });
  const total = comments.data?.total ?? 0;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Survey comments</h2>
        <p className="card-description">
          What people wrote on returned surveys, newest first. Comments are shown only to directors, program managers and administrators,
          without names{input.teamId ? '; the team filter does not apply to comments' : ''}.
        </p>
      </div>
      <div className="s8-search no-print">
        <div className="field">
          <label htmlFor={`${id}-search`}>Search comments</label>
          <input id={`${id}-search`} type="search" value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <span className="updating" role="status" aria-live="polite">
          {comments.isSuccess ? `${formatCount(total)} comment${total === 1 ? '' : 's'}${search ? ` containing “${search}”` : ''}` : ''}
        </span>
      </div>
      {comments.isPending ? (
        <Loading label="Loading comments…" rows={3} />
      ) : comments.isError ? (
        <ErrorState title="Comments could not be loaded" error={comments.error} onRetry={() => void comments.refetch()} />
      ) : comments.data.comments.length === 0 ? (
        <EmptyState title={search ? `No comments contain “${search}”` : 'No comments were written in this period'} />
      ) : (
        <>
          <ul className="s8-comments">
            {comments.data.comments.map((c, i) => (
              <li key={`${offset + i}`}>
                <blockquote>{c.comment}</blockquote>
                <p className="muted small">
                  {formatDate(c.receivedOn)} · {c.programName}
                </p>
              </li>
            ))}
          </ul>
          {total > pageSize ? (
            <div className="s8-pager no-print">
              <button
                type="button"
                className="button button-secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - pageSize))}
              >
                Newer
              </button>
              <span>
                {formatCount(offset + 1)}–{formatCount(Math.min(offset + pageSize, total))} of {formatCount(total)}
              </span>
              <button
                type="button"
                className="button button-secondary"
                disabled={offset + pageSize >= total}
                onClick={() => setOffset(offset + pageSize)}
              >
                Older
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
