/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The board report as a document: one component drawn by the dashboard's board page and
 * rendered to static HTML for the PDF (./html). Browser- and server-safe: no window, no
 * effects, no measuring; every chart is plain SVG whose geometry comes from ./charts.ts.
 *
 * It shows only what the BoardReport carries (agency and team aggregates, board
 * suppression already applied); a withheld value reads "fewer than 11", never a number.
 * Teams are listed by name, never ranked; no staff member is named.
 */
import type { BoardReport, BoardTrendMonth } from '@caseload/api';
import { type Box, fitSegment, linearScale, mapLineChart, mapShareBars, round2, ticks } from './charts.ts';
import {
  changeVerdict,
  COMPLEMENTARY_NOTE,
  complementaryText,
  figureWithheld,
  HEADLINES,
  type Standard,
  shownChange,
  shownValue,
  withheldText,
  withheldWhy,
} from './data.ts';
import { describePeriod, formatDay, formatMonth, formatMonthShort } from './period.ts';
import { StandardsSection } from './standardsSection.tsx';

export interface BoardDocumentProps {
  report: BoardReport;
  /** printed in the title when given */
  agencyName?: string | null;
  /** when the document was produced, as the reader should see it ("Nov 23, 2026") */
  generatedAt?: string | null;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** A month's label: "Jul 2026", or "Jul ’26" when more than six months share the axis or table. */
const monthLabel = (month: string, count: number) => (count > 6 ? formatMonthShort(month) : formatMonth(month));

/** The period in words with its dates: "FY2026 Q4 (Jul–Sep 2026): Jul 1, 2026 to Sep 30, 2026". */
function periodText(p: { from: string; to: string }): string {
  const name = describePeriod(p);
  return name.startsWith('FY') ? `${name}, ${formatDay(p.from)} to ${formatDay(p.to)}` : name;
}

export function BoardDocument({ report, agencyName, generatedAt }: BoardDocumentProps) {
  const m = report.minCellSize;
  return (
    <article className="board-doc" aria-labelledby="bd-title">
      <header className="bd-header">
        <p className="bd-kicker">Board report · NASW Standards for Social Work Case Management, Standards 8 and 9</p>
        <h1 id="bd-title">{agencyName ? `${agencyName}: caseload and quality` : 'Caseload and quality'}</h1>
        <dl className="bd-meta">
          <div>
            <dt>Period</dt>
            <dd data-testid="bd-period">{periodText(report)}</dd>
          </div>
          <div>
            <dt>Compared with</dt>
            <dd data-testid="bd-previous">{periodText(report.previous)}</dd>
          </div>
          <div>
            <dt>Settings</dt>
            <dd>version {report.settingsVersion}</dd>
          </div>
          {generatedAt ? (
            <div>
              <dt>Produced</dt>
              <dd>{generatedAt}</dd>
            </div>
          ) : null}
        </dl>
      </header>

      <ExecutiveSummary report={report} />

      <section className="bd-section bd-sentences" aria-labelledby="bd-sentences-title">
        <h2 id="bd-sentences-title">What the figures say</h2>
        <ul>
          {report.sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>

      <section className="bd-section bd-trends" aria-labelledby="bd-trends-title">
        <h2 id="bd-trends-title">Trends by month</h2>
        {report.trend.length === 0 ? (
          <p>There are no month ends in this period to chart.</p>
        ) : (
          <>
            <AgencyLoadChart months={report.trend} minCellSize={m} />
            <TeamLoadCharts months={report.trend} minCellSize={m} />
            <SatisfactionChart months={report.trend} minCellSize={m} />
          </>
        )}
      </section>

      <TeamsTable report={report} />
      <StandardsSection report={report} />
      <Evidence report={report} />
      {report.staffingNeed ? <StaffingNeedSection need={report.staffingNeed} /> : null}
      <About report={report} />
    </article>
  );
}

function ExecutiveSummary({ report }: { report: BoardReport }) {
  const m = report.minCellSize;
  const standards: Standard[] = ['Standard 9: caseload', 'Standard 8: quality'];
  const anyWithheld = Object.values(report.headline).some(
    (f) => (f.currentSuppressed && !f.currentComplementary) || (f.previousSuppressed && !f.previousComplementary),
  );
  const anyComplementary = Object.values(report.headline).some((f) => f.currentComplementary || f.previousComplementary);
  const verdicts = HEADLINES.map((h) => ({ h, f: report.headline[h.key], v: changeVerdict(h.key, report.headline[h.key]) }));
  const better = verdicts.filter((x) => x.v === 'better');
  const worse = verdicts.filter((x) => x.v === 'worse');
  const item = (x: (typeof verdicts)[number]) => `${x.h.label} (${shownChange(x.f)}, now ${shownValue(x.f.current, x.f.kind, false, m)})`;
  return (
    <section className="bd-section bd-summary" aria-labelledby="bd-summary-title">
      <h2 id="bd-summary-title">Executive summary</h2>
      <table className="bd-table bd-summary-table">
        <caption>
          Headline figures for {describePeriod(report)}, with the previous period ({describePeriod(report.previous)}) and the change.
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">This period</th>
            <th scope="col">Previous period</th>
            <th scope="col">Change</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        {standards.map((standard) => (
          <tbody key={standard}>
            <tr className="bd-group">
              <th scope="colgroup" colSpan={5}>
                {standard}
              </th>
            </tr>
            {HEADLINES.filter((h) => h.standard === standard).map((h) => {
              const f = report.headline[h.key];
              return (
                <tr key={h.key} data-figure={h.key}>
                  <th scope="row">{h.label}</th>
                  <td className={f.currentSuppressed ? 'bd-num bd-withheld' : 'bd-num'} data-cell="current">
                    {shownValue(f.current, f.kind, figureWithheld(f, 'current'), m, true)}
                  </td>
                  <td className={f.previousSuppressed ? 'bd-num bd-withheld' : 'bd-num'} data-cell="previous">
                    {shownValue(f.previous, f.kind, figureWithheld(f, 'previous'), m, true)}
                  </td>
                  <td className="bd-change" data-cell="change">
                    <ChangeMark change={f.change} />
                    {shownChange(f)}
                  </td>
                  <td className="bd-verdict-cell" data-cell="verdict">
                    <Verdict verdict={changeVerdict(h.key, f)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
      <p className="bd-note">
        {anyWithheld
          ? `“${withheldText(m)}”: the figure is withheld because it rests on fewer than ${m} clients, answers or reviews. `
          : ''}
        {anyComplementary ? `${COMPLEMENTARY_NOTE} ` : ''}
        Weighted caseload is a share of capacity (100% = at capacity). “—”: there was nothing to count. Changes compare the figures as shown
        (whole percentage points); “better” or “worse” says which way the change goes for the standard (a weighted caseload is better going
        down only while it is above capacity).
      </p>
      <div className="bd-brief" data-testid="bd-brief">
        <p>
          Against the previous period, {better.length === 1 ? '1 headline figure' : `${better.length} headline figures`} moved the way the
          standards ask and {worse.length === 1 ? '1' : worse.length} the other way.
        </p>
        <ul>
          <li>
            <strong>✓ Better:</strong> {better.length === 0 ? 'none.' : `${better.map(item).join('; ')}.`}
          </li>
          <li>
            <strong>✗ Worse:</strong> {worse.length === 0 ? 'none.' : `${worse.map(item).join('; ')}.`}
          </li>
        </ul>
      </div>
    </section>
  );
}

/** ▲ / ▼ / = beside the words; decorative, the words carry the meaning. */
/** "better" or "worse" for the standard, in words and a sign, so the change reads without colour. */
function Verdict({ verdict }: { verdict: 'better' | 'worse' | null }) {
  if (verdict === null) return null;
  return <strong className={`bd-verdict bd-verdict-${verdict}`}>{verdict === 'better' ? '✓ better' : '✗ worse'}</strong>;
}

function ChangeMark({ change }: { change: 'up' | 'down' | 'unchanged' | null }) {
  if (change === null) return null;
  return (
    <span className="bd-arrow" aria-hidden="true">
      {change === 'up' ? '▲ ' : change === 'down' ? '▼ ' : '= '}
    </span>
  );
}

const LOAD_BOX: Box = { width: 640, height: 230, margin: { top: 20, right: 40, bottom: 34, left: 64 } };

/** The x-axis month labels; with many months, every `every`-th one counting back from the last. */
function MonthLabels({ months, xs, y, every = 1 }: { months: BoardTrendMonth[]; xs: number[]; y: number; every?: number }) {
  const last = months.length - 1;
  return (
    <g className="bd-axis-labels">
      {months.map((mo, i) =>
        (last - i) % every === 0 ? (
          <text key={mo.month} x={xs[i]} y={y} textAnchor="middle">
            {monthLabel(mo.month, months.length)}
          </text>
        ) : null,
      )}
    </g>
  );
}

function AgencyLoadChart({ months, minCellSize }: { months: BoardTrendMonth[]; minCellSize: number }) {
  const values = months.map((mo) => (mo.suppressed.loadRatio ? null : mo.loadRatio));
  const chart = mapLineChart([values], LOAD_BOX, { reference: 1, inset: 28 });
  const series = chart.series[0] ?? { points: [], paths: [] };
  const plotLeft = LOAD_BOX.margin.left;
  const plotRight = LOAD_BOX.width - LOAD_BOX.margin.right;
  const bottom = LOAD_BOX.height - LOAD_BOX.margin.bottom;
  const described = months
    .map(
      (mo) =>
        `${formatMonth(mo.month)} ${mo.suppressed.loadRatio ? withheldLabel(withheldWhy(mo, 'loadRatio'), minCellSize) : mo.loadRatio === null ? 'no figure' : pct(mo.loadRatio)}`,
    )
    .join(', ');
  return (
    <figure className="bd-figure" data-chart="agency-load">
      <figcaption>Agency weighted caseload at each month end, as a share of capacity (dashed line: 100%, at capacity)</figcaption>
      <svg viewBox={`0 0 ${LOAD_BOX.width} ${LOAD_BOX.height}`} className="bd-chart" role="img" aria-labelledby="bd-agency-load-title">
        <title id="bd-agency-load-title">{`Agency weighted caseload by month end: ${described}.`}</title>
        {chart.yTicks.map((t) => (
          <g key={t.value} className="bd-grid">
            <line x1={plotLeft} x2={plotRight} y1={t.y} y2={t.y} />
            <text x={plotLeft - 6} y={t.y + 4} textAnchor="end">
              {pct(t.value)}
            </text>
          </g>
        ))}
        {chart.referenceY !== null ? (
          <line className="bd-reference-line" x1={plotLeft} x2={plotRight} y1={chart.referenceY} y2={chart.referenceY} />
        ) : null}
        <line className="bd-axis" x1={plotLeft} x2={plotRight} y1={bottom} y2={bottom} />
        {series.paths.map((d) => (
          <path key={d} d={d} className="bd-line" />
        ))}
        {series.points.map((p) => (
          <g key={p.i}>
            <circle cx={p.x} cy={p.y} r={4} className="bd-point" />
            {/* under capacity the label sits below the point, away from the 100% line, if there is room above the axis */}
            <text x={p.x} y={p.value < 1 && p.y + 19 < bottom - 4 ? p.y + 19 : p.y - 9} textAnchor="middle" className="bd-value">
              {pct(p.value)}
            </text>
          </g>
        ))}
        {months.map((mo, i) =>
          mo.suppressed.loadRatio ? (
            <text key={mo.month} x={chart.xs[i]} y={LOAD_BOX.margin.top + 12} textAnchor="middle" className="bd-withheld-label">
              {withheldLabel(withheldWhy(mo, 'loadRatio'), minCellSize, true)}
            </text>
          ) : null,
        )}
        <MonthLabels months={months} xs={chart.xs} y={bottom + 20} every={months.length > 12 ? Math.ceil(months.length / 12) : 1} />
      </svg>
    </figure>
  );
}

const TEAM_BOX: Box = { width: 200, height: 130, margin: { top: 38, right: 12, bottom: 22, left: 34 } };

function TeamLoadCharts({ months, minCellSize }: { months: BoardTrendMonth[]; minCellSize: number }) {
  const teams = months[0]?.teams ?? [];
  if (teams.length === 0) return null;
  // one shared y domain so the small multiples compare at a glance
  const all = months.flatMap((mo) => [
    mo.suppressed.loadRatio ? null : mo.loadRatio,
    ...mo.teams.map((t) => (t.suppressed.loadRatio ? null : t.loadRatio)),
  ]);
  const domain = mapLineChart([all], TEAM_BOX, { reference: 1 }).domain;
  const step = domain[1] - domain[0] > 0.8 ? 0.5 : 0.2;
  const bottom = TEAM_BOX.height - TEAM_BOX.margin.bottom;
  const left = TEAM_BOX.margin.left;
  const right = TEAM_BOX.width - TEAM_BOX.margin.right;
  return (
    <figure className="bd-figure" data-chart="team-load">
      <figcaption>Each team’s weighted caseload at each month end (teams in name order; dashed line: 100% of capacity)</figcaption>
      <div className="bd-multiples">
        {teams.map((team, k) => {
          const withheld = months.map((mo) => mo.teams.find((t) => t.teamId === team.teamId)?.suppressed.loadRatio === true);
          const values = months.map((mo, i) => (withheld[i] ? null : (mo.teams.find((t) => t.teamId === team.teamId)?.loadRatio ?? null)));
          const chart = mapLineChart([values], TEAM_BOX, { domain, reference: 1, step, inset: 6 });
          const series = chart.series[0] ?? { points: [], paths: [] };
          const described = months
            .map(
              (mo, i) =>
                `${formatMonth(mo.month)} ${withheld[i] ? withheldText(minCellSize) : values[i] == null ? 'no figure' : pct(values[i])}`,
            )
            .join(', ');
          const id = `bd-team-load-${k}`;
          return (
            <svg
              key={team.teamId}
              viewBox={`0 0 ${TEAM_BOX.width} ${TEAM_BOX.height}`}
              className="bd-chart bd-small"
              role="img"
              aria-labelledby={id}
            >
              <title id={id}>{`${team.name}: ${described}.`}</title>
              <text x={2} y={14} className="bd-small-title">
                {team.name}
              </text>
              {chart.yTicks.map((t) => (
                <g key={t.value} className="bd-grid">
                  <line x1={left} x2={right} y1={t.y} y2={t.y} />
                  <text x={left - 4} y={t.y + 3} textAnchor="end">
                    {pct(t.value)}
                  </text>
                </g>
              ))}
              {chart.referenceY !== null ? (
                <line className="bd-reference-line" x1={left} x2={right} y1={chart.referenceY} y2={chart.referenceY} />
              ) : null}
              <line className="bd-axis" x1={left} x2={right} y1={bottom} y2={bottom} />
              {series.paths.map((d) => (
                <path key={d} d={d} className="bd-line" />
              ))}
              {series.points.map((p) => (
                <circle key={p.i} cx={p.x} cy={p.y} r={2.5} className="bd-point" />
              ))}
              {withheld.some(Boolean) ? (
                <text x={right} y={28} textAnchor="end" className="bd-withheld-label">
                  some months withheld
                </text>
              ) : null}
              <g className="bd-axis-labels">
                <text x={chart.xs[0]} y={bottom + 14} textAnchor="start">
                  {formatMonth(months[0]?.month ?? '')}
                </text>
                {months.length > 1 ? (
                  <text x={chart.xs[months.length - 1]} y={bottom + 14} textAnchor="end">
                    {formatMonth(months[months.length - 1]?.month ?? '')}
                  </text>
                ) : null}
              </g>
            </svg>
          );
        })}
      </div>
      <table className="bd-table bd-compact">
        <caption>The same figures as a table</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            {months.map((mo) => (
              <th scope="col" key={mo.month}>
                {monthLabel(mo.month, months.length)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Agency</th>
            {months.map((mo) => (
              <td key={mo.month} className={mo.suppressed.loadRatio ? 'bd-num bd-withheld' : 'bd-num'}>
                {shownValue(mo.loadRatio, 'ratio', withheldWhy(mo, 'loadRatio'), minCellSize, true)}
              </td>
            ))}
          </tr>
          {teams.map((team) => (
            <tr key={team.teamId}>
              <th scope="row">{team.name}</th>
              {months.map((mo) => {
                const t = mo.teams.find((x) => x.teamId === team.teamId);
                const w = t ? withheldWhy(t, 'loadRatio') : false;
                return (
                  <td key={mo.month} className={w ? 'bd-num bd-withheld' : 'bd-num'}>
                    {shownValue(t?.loadRatio ?? null, 'ratio', w, minCellSize, true)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {months.some((mo) => mo.complementary?.loadRatio || mo.teams.some((t) => t.complementary?.loadRatio)) ? (
        <p className="bd-note">{COMPLEMENTARY_NOTE}</p>
      ) : null}
    </figure>
  );
}

const BAR_BOX: Box = { width: 640, height: 200, margin: { top: 18, right: 24, bottom: 44, left: 48 } };

function SatisfactionChart({ months, minCellSize }: { months: BoardTrendMonth[]; minCellSize: number }) {
  const mapped = mapShareBars(
    months.map((mo) => (mo.suppressed.satisfaction ? null : mo.satisfaction)),
    BAR_BOX,
  );
  const left = BAR_BOX.margin.left;
  const right = BAR_BOX.width - BAR_BOX.margin.right;
  const shown = (mo: BoardTrendMonth) =>
    mo.suppressed.satisfaction
      ? withheldLabel(withheldWhy(mo, 'satisfaction'), minCellSize, true)
      : mo.satisfaction === null
        ? 'no answers'
        : pct(mo.satisfaction);
  const nText = (mo: BoardTrendMonth) =>
    mo.suppressed.satisfactionN
      ? `n ${withheldLabel(withheldWhy(mo, 'satisfactionN'), minCellSize, true)}`
      : mo.satisfactionN === null
        ? 'n —'
        : months.length > 6
          ? `n=${mo.satisfactionN}`
          : `n = ${mo.satisfactionN}`;
  const described = months.map((mo) => `${formatMonth(mo.month)} ${shown(mo)} (${nText(mo)})`).join(', ');
  return (
    <figure className="bd-figure" data-chart="satisfaction">
      <figcaption>
        Client satisfaction by month: the share of answers to the overall question rated 4 or 5, with the number of answers (n)
      </figcaption>
      <svg viewBox={`0 0 ${BAR_BOX.width} ${BAR_BOX.height}`} className="bd-chart" role="img" aria-labelledby="bd-satisfaction-title">
        <title id="bd-satisfaction-title">{`Client satisfaction by month: ${described}.`}</title>
        {ticks([0, 1], 0.25).map((v) => (
          <g key={v} className="bd-grid">
            <line x1={left} x2={right} y1={mapped.y(v)} y2={mapped.y(v)} />
            <text x={left - 6} y={mapped.y(v) + 4} textAnchor="end">
              {pct(v)}
            </text>
          </g>
        ))}
        {mapped.bars.map((b) => (
          <g key={b.i}>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} className="bd-bar" />
            <text x={b.x + b.width / 2} y={b.y - 5} textAnchor="middle" className="bd-value">
              {pct(b.value)}
            </text>
          </g>
        ))}
        {months.map((mo, i) => {
          const slot = mapped.slots[i];
          if (!slot) return null;
          return (
            <g key={mo.month} className="bd-axis-labels">
              {mo.satisfaction === null || mo.suppressed.satisfaction ? (
                <text x={slot.center} y={mapped.baseY - 8} textAnchor="middle" className="bd-withheld-label">
                  {shown(mo)}
                </text>
              ) : null}
              <text x={slot.center} y={mapped.baseY + 16} textAnchor="middle">
                {monthLabel(mo.month, months.length)}
              </text>
              <text x={slot.center} y={mapped.baseY + 31} textAnchor="middle" className="bd-n">
                {nText(mo)}
              </text>
            </g>
          );
        })}
        <line className="bd-axis" x1={left} x2={right} y1={mapped.baseY} y2={mapped.baseY} />
      </svg>
    </figure>
  );
}

function TeamsTable({ report }: { report: BoardReport }) {
  const m = report.minCellSize;
  return (
    <section className="bd-section bd-teams" aria-labelledby="bd-teams-title">
      <h2 id="bd-teams-title">Teams on {formatDay(report.to)}</h2>
      {report.teams.length === 0 ? (
        <p>No team held a caseload on this day.</p>
      ) : (
        <table className="bd-table" data-testid="bd-teams">
          <caption>
            Each team’s figures at the end of the period, in team name order (teams are not ranked). Weighted caseload is a share of
            capacity; contacts and reassessments are shares of those due.
          </caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Weighted caseload</th>
              <th scope="col">Contacted on time</th>
              <th scope="col">Reassessed on time</th>
            </tr>
          </thead>
          <tbody>
            {report.teams.map((t) => (
              <tr key={t.teamId}>
                <th scope="row">{t.name}</th>
                <td className={t.suppressed.loadRatio ? 'bd-num bd-withheld' : 'bd-num'}>
                  {shownValue(t.loadRatio, 'ratio', withheldWhy(t, 'loadRatio'), m, true)}
                </td>
                <td className={t.suppressed.contactRate ? 'bd-num bd-withheld' : 'bd-num'}>
                  {shownValue(t.contactRate, 'rate', withheldWhy(t, 'contactRate'), m, true)}
                </td>
                <td className={t.suppressed.reassessRate ? 'bd-num bd-withheld' : 'bd-num'}>
                  {shownValue(t.reassessRate, 'rate', withheldWhy(t, 'reassessRate'), m, true)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.teams.some((t) => t.complementary && Object.keys(t.complementary).length > 0) ? (
        <p className="bd-note">{COMPLEMENTARY_NOTE}</p>
      ) : null}
    </section>
  );
}

/** The words for a withheld value: "fewer than 11" or, withheld for another's sake, the complementary label. */
function withheldLabel(why: ReturnType<typeof withheldWhy>, minCellSize: number, short = false): string {
  return why === 'complementary' ? complementaryText(short) : withheldText(minCellSize);
}

/** How strong a Pearson r is, in words. */
export function strengthOf(r: number): string {
  const a = Math.abs(r);
  if (a < 0.1) return 'no meaningful';
  if (a < 0.3) return 'a weak';
  if (a < 0.5) return 'a moderate';
  return 'a strong';
}

/** The load-versus-compliance fit in plain words. */
export function evidenceSentence(report: Pick<BoardReport, 'loadComplianceFit' | 'minCellSize' | 'to'>): string {
  const fit = report.loadComplianceFit;
  const on = formatDay(report.to);
  if (fit.suppressed.slope || fit.suppressed.intercept || fit.suppressed.r) {
    return `The relationship between caseload and contacts on time on ${on} is withheld: it rests on fewer than ${report.minCellSize} clients.`;
  }
  if (fit.slope === null || fit.r === null) {
    return `On ${on} too few case managers had contacts due (${fit.n}) to measure how caseload relates to contacts on time.`;
  }
  const points = Math.abs(round2(fit.slope * 10));
  const per = `${points.toFixed(1)} percentage points for each 10 points more weighted caseload`;
  const r = fit.r.toFixed(2);
  const strength = strengthOf(fit.r);
  if (strength === 'no meaningful') {
    return `Across ${fit.n} case managers with contacts due on ${on}, contacts on time showed no meaningful relationship with weighted caseload (r = ${r}).`;
  }
  const direction = fit.slope < 0 ? 'fell' : 'rose';
  const sign = fit.r < 0 ? 'negative' : 'positive';
  return `Across ${fit.n} case managers with contacts due on ${on}, the share of clients contacted on time ${direction} by about ${per} (slope ${fit.slope.toFixed(2)}, r = ${r}: ${strength} ${sign} relationship).`;
}

const FIT_BOX: Box = { width: 640, height: 220, margin: { top: 16, right: 24, bottom: 40, left: 48 } };
const FIT_X: [number, number] = [0.5, 1.5];

function Evidence({ report }: { report: BoardReport }) {
  const fit = report.loadComplianceFit;
  const withheld = fit.suppressed.slope || fit.suppressed.intercept || fit.suppressed.r;
  const seg = withheld ? null : fitSegment(fit, FIT_X[0], FIT_X[1]);
  const left = FIT_BOX.margin.left;
  const right = FIT_BOX.width - FIT_BOX.margin.right;
  const bottom = FIT_BOX.height - FIT_BOX.margin.bottom;
  const x = (v: number) => round2(linearScale(FIT_X, [left, right])(v));
  const y = (v: number) => round2(linearScale([0, 1], [bottom, FIT_BOX.margin.top])(v));
  const sentence = evidenceSentence(report);
  return (
    <section className="bd-section bd-evidence" aria-labelledby="bd-evidence-title">
      <h2 id="bd-evidence-title">Caseload and contacts on time</h2>
      <p data-testid="bd-evidence">{sentence}</p>
      <p className="bd-note">
        NASW Standard 9 holds that as caseloads grow, time for monitoring and reassessment shrinks. The line is fitted (least squares)
        across case managers, of the share of their clients contacted on time on their weighted caseload; individual case managers are not
        shown.
      </p>
      {seg ? (
        <figure className="bd-figure" data-chart="evidence">
          <figcaption>Fitted line: clients contacted on time against weighted caseload (dashed line: 100% of capacity)</figcaption>
          <svg viewBox={`0 0 ${FIT_BOX.width} ${FIT_BOX.height}`} className="bd-chart" role="img" aria-labelledby="bd-evidence-chart-title">
            <title id="bd-evidence-chart-title">{sentence}</title>
            {ticks([0, 1], 0.25).map((v) => (
              <g key={v} className="bd-grid">
                <line x1={left} x2={right} y1={y(v)} y2={y(v)} />
                <text x={left - 6} y={y(v) + 4} textAnchor="end">
                  {pct(v)}
                </text>
              </g>
            ))}
            {ticks(FIT_X, 0.25).map((v) => (
              <text key={v} x={x(v)} y={bottom + 16} textAnchor="middle" className="bd-axis-labels">
                {pct(v)}
              </text>
            ))}
            <text x={(left + right) / 2} y={bottom + 34} textAnchor="middle" className="bd-axis-title">
              weighted caseload (% of capacity)
            </text>
            <line className="bd-reference-line" x1={x(1)} x2={x(1)} y1={FIT_BOX.margin.top} y2={bottom} />
            <line className="bd-axis" x1={left} x2={right} y1={bottom} y2={bottom} />
            <line className="bd-fit" x1={x(seg.from.x)} y1={y(seg.from.y)} x2={x(seg.to.x)} y2={y(seg.to.y)} />
          </svg>
        </figure>
      ) : null}
    </section>
  );
}

/** The optional "Staffing need" section: a saved forecast scenario's FTE gap by quarter, and its sentence. */
function StaffingNeedSection({ need }: { need: NonNullable<BoardReport['staffingNeed']> }) {
  const fte = (x: number | null) => (x === null ? '—' : x.toFixed(1));
  return (
    <section className="bd-section bd-staffing" aria-labelledby="bd-staffing-title">
      <h2 id="bd-staffing-title">Staffing need</h2>
      <p data-testid="bd-staffing-sentence">{need.sentence}</p>
      <table className="bd-table">
        <caption>
          Case manager FTE over the next 12 months, forecast from {formatDay(need.monthEnd)} with the scenario “{need.scenarioName}” (target{' '}
          {Number((need.target * 100).toFixed(1))}% of capacity); each quarter as of its last forecast month
        </caption>
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col">FTE needed</th>
            <th scope="col">FTE available</th>
            <th scope="col">Gap (needed − available)</th>
          </tr>
        </thead>
        <tbody>
          {need.quarters.map((q) => (
            <tr key={q.quarter}>
              <th scope="row">
                {q.quarter.replace('-', ' ')} ({formatMonth(q.month)})
              </th>
              <td>{fte(q.fteNeeded)}</td>
              <td>{fte(q.fteAvailable)}</td>
              <td>{q.gap === null ? '—' : `${q.gap > 0 ? '+' : ''}${q.gap.toFixed(1)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="bd-note">
        The forecast projects the caseload by acuity tier from how clients moved between tiers, left and arrived over the last{' '}
        {need.historyMonths} months, and turns the hours it needs into FTE at the target load, allowing for present reductions in capacity.
        The track record compares the same forecast made a year earlier with what happened.
      </p>
    </section>
  );
}

function About({ report }: { report: BoardReport }) {
  const m = report.minCellSize;
  return (
    <section className="bd-section bd-about" aria-labelledby="bd-about-title">
      <h2 id="bd-about-title">About these figures</h2>
      <dl>
        <dt>Weighted caseload</dt>
        <dd>
          The hours a caseload needs, weighted by each client’s acuity tier, divided by the case managers’ capacity hours (their FTE). 100%
          is at capacity. A team’s or the agency’s figure sums hours and capacity; the period average is the mean of the month-end figures.
        </dd>
        <dt>Contacts and reassessments on time</dt>
        <dd>
          Of the clients due a contact on the day, the share whose required contacts happened within the window; of the reassessments due,
          the share not overdue.
        </dd>
        <dt>Standard 8 figures</dt>
        <dd>
          Satisfaction is the share of answers to the overall survey question rated 4 or 5; the response rate is the share of survey
          invitations sent in the period that came back. Goals met, time from referral to service, and corrective actions come from care
          plans, referrals and quality reviews.
        </dd>
        <dt>Small numbers</dt>
        <dd>
          Any figure that rests on fewer than {m} clients, answers or reviews is withheld and shown as “{withheldText(m)}”, never as zero,
          together with any figure that would give it away, which is not small itself and is shown as “{complementaryText(true)}”. This
          applies to everyone who opens this report. No staff member is named, and teams are listed by name, never ranked.
        </dd>
        <dt>Periods and settings</dt>
        <dd>
          The previous period is the same number of months (or days) just before this one. Figures use the agency’s settings version{' '}
          {report.settingsVersion} (tier hours, capacity per FTE, contact windows, the small-number threshold).
        </dd>
      </dl>
    </section>
  );
}
