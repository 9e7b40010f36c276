/**
 * The staffing forecast for directors (metrics.md "Staffing forecast and what-if"):
 * clients by tier over the next 12 month ends, the FTE they need against the FTE the
 * agency has (the gap shaded), how far the same forecast made a year earlier was from
 * what happened, and what-if controls that recompute without saving anything. A
 * scenario is saved only when a director names it (audited).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfPicker } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { gridColor, inkColor, tierColors } from '../../lib/colors.ts';
import { formatDate, formatHours } from '../../lib/format.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { parseFilters } from '../../lib/url.ts';
import { queryClient, trpc } from '../../trpc.ts';
import {
  backtestCsv,
  backtestSentence,
  chartRows,
  emptyScenarioForm,
  type FteChangeForm,
  formFromScenario,
  forecastCsv,
  fteText,
  gapHeadline,
  monthLabel,
  type ScenarioForm,
  scenarioFromForm,
  STATE_LABELS,
  STATES,
  type StateKey,
} from './mapForecast.ts';
import './forecast.css';

const NEEDED = '#b42318';
const AVAILABLE = '#1d4ed8';

export function ForecastPage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const { filters, problems: urlProblems } = parseFilters(search);
  const settings = useQuery({ ...trpc.settings.get.queryOptions(), staleTime: 5 * 60_000 });
  if (settings.isPending) return <Loading label="Loading the agency’s settings…" rows={2} />;
  if (settings.isError)
    return <ErrorState title="The settings could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <ForecastView
      me={me}
      asOf={filters.asOf}
      setAsOf={(asOf) => setParams({ asOf })}
      urlProblems={urlProblems}
      tierHours={settings.data.settings.tierHours}
      settingsVersion={settings.data.version}
    />
  );
}

function ForecastView({
  me,
  asOf,
  setAsOf,
  urlProblems,
  tierHours,
  settingsVersion,
}: {
  me: Me;
  asOf: string | undefined;
  setAsOf: (asOf: string | null) => void;
  urlProblems: string[];
  tierHours: Record<StateKey, number>;
  settingsVersion: number;
}) {
  const [form, setForm] = useState<ScenarioForm>(() => emptyScenarioForm(tierHours));
  const [loadedName, setLoadedName] = useState<string | null>(null);
  const { scenario, problems } = useMemo(() => scenarioFromForm(form, tierHours), [form, tierHours]);
  const input = { ...(asOf ? { asOf } : {}), scenario };
  const forecast = useQuery({
    ...trpc.forecast.report.queryOptions(input),
    placeholderData: keepPreviousData,
    enabled: problems.length === 0,
  });
  const chartId = useId();
  const fteId = useId();
  const tableId = useId();
  const f = forecast.data;
  const rows = useMemo(() => (f ? chartRows(f) : []), [f]);
  const headline = f ? gapHeadline(f) : null;
  const last = f?.months[f.months.length - 1];

  return (
    <>
      <PageHeader title="Staffing forecast">
        <p>
          How many case managers the next 12 months need: the caseload by tier projected from how clients moved between tiers, left and
          arrived over the last {f?.historyMonths ?? 24} months, the hours it needs at the tier hours, and the FTE those hours take at the
          target load, against the FTE the agency has.
          {f ? (
            <>
              {' '}
              Made from the month end of <strong>{formatDate(f.monthEnd)}</strong>.
            </>
          ) : null}
        </p>
      </PageHeader>
      <div className="filters no-print" role="group" aria-label="Filters">
        <AsOfPicker value={asOf ?? f?.asOf ?? ''} fromUrl={asOf !== undefined} onChange={setAsOf} />
        <Updating active={forecast.isFetching && forecast.isPlaceholderData} />
      </div>
      {urlProblems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      <ScenarioControls form={form} setForm={setForm} problems={problems} asOfMonthEnd={f?.monthEnd ?? null} loadedName={loadedName} />

      {forecast.isPending && problems.length === 0 ? (
        <Loading label="Projecting the caseload…" rows={4} />
      ) : forecast.isError ? (
        <ErrorState title="The forecast could not be computed" error={forecast.error} onRetry={() => void forecast.refetch()} />
      ) : f && last && headline ? (
        <>
          <section className="card" aria-labelledby={`${fteId}-h`}>
            <h2 id={`${fteId}-h`}>FTE needed against FTE available{scenario ? ' (with this scenario)' : ''}</h2>
            <p className={headline.shortfall ? 'forecast-headline forecast-short' : 'forecast-headline'} data-testid="gap-headline">
              {headline.text}
            </p>
            <div className="tiles">
              <Tile label="FTE available now" value={fteText(f.fteAvailableNow)} detail={`caseload FTE on ${formatDate(f.monthEnd)}`} />
              <Tile
                label={`FTE needed, ${monthLabel(last.month)}`}
                value={fteText(last.fteNeeded)}
                detail={`${formatHours(Math.round(last.hoursNeeded))} a month at ${Math.round(f.target * 100)} % of capacity`}
              />
              <Tile
                label={`Gap, ${monthLabel(last.month)}`}
                value={<span data-testid="gap-last">{last.gap === null ? '—' : `${last.gap > 0 ? '+' : ''}${last.gap.toFixed(1)}`}</span>}
                detail="FTE needed minus FTE available (above 0: short)"
                tone={last.gap !== null && last.gap > 0 ? 'alarm' : 'plain'}
              />
            </div>
            <p className="forecast-backtest" data-testid="backtest">
              {backtestSentence(f)}
            </p>
            <ComposedChart
              responsive
              data={rows}
              style={{ width: '100%', height: 300 }}
              margin={{ top: 16, right: 8, bottom: 8, left: 8 }}
              title="FTE needed and FTE available by month"
              desc={rows.map((r) => `${r.label}: needed ${fteText(r.fteNeeded)}, available ${fteText(r.fteAvailable)}`).join('; ')}
              aria-describedby={tableId}
            >
              <CartesianGrid vertical={false} stroke={gridColor} />
              <XAxis dataKey="label" tick={{ fill: inkColor, fontSize: 12 }} tickLine={false} interval="preserveStartEnd" />
              <YAxis
                tick={{ fill: inkColor, fontSize: 12 }}
                width={48}
                label={{ value: 'FTE', angle: -90, position: 'insideLeft', fill: inkColor, fontSize: 12 }}
              />
              <Tooltip
                isAnimationActive={false}
                formatter={(v) => (Array.isArray(v) ? `${Number(v[0]).toFixed(1)}–${Number(v[1]).toFixed(1)}` : Number(v).toFixed(1))}
              />
              <Legend verticalAlign="top" formatter={(value: string) => <span style={{ color: inkColor }}>{value}</span>} />
              <Area
                dataKey="gapBand"
                name="Shortfall (shaded)"
                fill={NEEDED}
                fillOpacity={0.18}
                stroke="none"
                isAnimationActive={false}
                connectNulls={false}
              />
              <Line
                dataKey="fteNeeded"
                name="FTE needed"
                stroke={NEEDED}
                strokeWidth={2.5}
                dot={{ r: 3, fill: NEEDED }}
                isAnimationActive={false}
              />
              <Line
                dataKey="fteAvailable"
                name="FTE available"
                type="stepAfter"
                stroke={AVAILABLE}
                strokeWidth={2}
                strokeDasharray="6 3"
                dot={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </section>

          <section className="card" aria-labelledby={`${chartId}-h`}>
            <h2 id={`${chartId}-h`}>Projected clients by tier (month ends)</h2>
            <AreaChart
              responsive
              data={rows}
              style={{ width: '100%', height: 280 }}
              margin={{ top: 16, right: 8, bottom: 8, left: 8 }}
              title="Projected active clients by tier, stacked"
              desc={f.months.map((m) => `${monthLabel(m.month)}: ${Math.round(m.clients)} clients`).join('; ')}
              aria-describedby={tableId}
            >
              <CartesianGrid vertical={false} stroke={gridColor} />
              <XAxis dataKey="label" tick={{ fill: inkColor, fontSize: 12 }} tickLine={false} interval="preserveStartEnd" />
              <YAxis
                tick={{ fill: inkColor, fontSize: 12 }}
                width={52}
                label={{ value: 'clients', angle: -90, position: 'insideLeft', fill: inkColor, fontSize: 12 }}
              />
              <Tooltip isAnimationActive={false} formatter={(v) => Math.round(Number(v))} />
              <Legend verticalAlign="top" formatter={(value: string) => <span style={{ color: inkColor }}>{value}</span>} />
              {STATES.map((s) => (
                <Area
                  key={s}
                  dataKey={s}
                  name={STATE_LABELS[s]}
                  stackId="clients"
                  stroke={tierColors[s]}
                  fill={tierColors[s]}
                  fillOpacity={0.75}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </section>

          <section className="card" aria-labelledby={tableId}>
            <div className="card-header">
              <h2 id={tableId}>Every figure by month</h2>
              <div className="row-actions">
                <CsvButton
                  of="the staffing forecast by month"
                  build={() => forecastCsv(f, { settingsVersion, scenarioName: loadedName, program: null })}
                />
                <CsvButton label="Download backtest CSV" of="the forecast's backtest" build={() => backtestCsv(f, settingsVersion)} />
              </div>
            </div>
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table forecast-table" aria-labelledby={tableId}>
                <thead>
                  <tr>
                    <th scope="col">Month end</th>
                    {STATES.map((s) => (
                      <th scope="col" className="num" key={s}>
                        {STATE_LABELS[s]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Clients
                    </th>
                    <th scope="col" className="num">
                      Hours needed
                    </th>
                    <th scope="col" className="num">
                      FTE needed
                    </th>
                    <th scope="col" className="num">
                      FTE available
                    </th>
                    <th scope="col" className="num">
                      Gap
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.months.map((m) => (
                    <tr key={m.month}>
                      <th scope="row">{monthLabel(m.month)}</th>
                      {STATES.map((s) => (
                        <td className="num" key={s}>
                          {m.byState[s].toFixed(1)}
                        </td>
                      ))}
                      <td className="num">{m.clients.toFixed(1)}</td>
                      <td className="num">{formatHours(Math.round(m.hoursNeeded))}</td>
                      <td className="num">{fteText(m.fteNeeded)}</td>
                      <td className="num">{fteText(m.fteAvailable)}</td>
                      <td className="num">{m.gap === null ? '—' : m.gap.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="card-description">
              Projected counts are expected values, so they have decimals. Hours needed include the other work (workload items) in force on{' '}
              {formatDate(f.monthEnd)}; FTE needed allows for the share of capacity lost to reductions on that day.
            </p>
          </section>
        </>
      ) : null}

      <SavedScenarios
        me={me}
        current={scenario}
        problems={problems}
        onLoad={(name, inputs) => {
          setForm(formFromScenario(inputs, tierHours));
          setLoadedName(name);
        }}
      />
    </>
  );
}

function ChangeList({
  label,
  list,
  onChange,
  monthEnd,
}: {
  label: 'Hires' | 'Departures';
  list: FteChangeForm[];
  onChange: (list: FteChangeForm[]) => void;
  monthEnd: string | null;
}) {
  const id = useId();
  const single = label === 'Hires' ? 'hire' : 'departure';
  const monthName = (j: number) => {
    if (!monthEnd) return `month ${j}`;
    const y = Number(monthEnd.slice(0, 4));
    const m = Number(monthEnd.slice(5, 7)) + j;
    return monthLabel(`${y + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`);
  };
  return (
    <fieldset className="forecast-changes">
      <legend>{label} (FTE, from the month)</legend>
      {list.length === 0 ? <p className="ratio-detail">None.</p> : null}
      {list.map((c, i) => (
        <div className="field-row" key={i}>
          <label htmlFor={`${id}-m${i}`}>Month</label>
          <select
            id={`${id}-m${i}`}
            value={c.month}
            onChange={(e) => onChange(list.map((x, k) => (k === i ? { ...x, month: Number(e.target.value) } : x)))}
          >
            {Array.from({ length: 12 }, (_, k) => k + 1).map((j) => (
              <option key={j} value={j}>
                {monthName(j)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-f${i}`}>FTE</label>
          <input
            id={`${id}-f${i}`}
            type="number"
            inputMode="decimal"
            step="0.1"
            min="0"
            value={c.fte}
            onChange={(e) => onChange(list.map((x, k) => (k === i ? { ...x, fte: e.target.value } : x)))}
          />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onChange(list.filter((_, k) => k !== i))}
            aria-label={`Remove ${single} ${i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-secondary" onClick={() => onChange([...list, { month: 1, fte: '1' }])}>
        Add a {single}
      </button>
    </fieldset>
  );
}

function ScenarioControls({
  form,
  setForm,
  problems,
  asOfMonthEnd,
  loadedName,
}: {
  form: ScenarioForm;
  setForm: (f: ScenarioForm) => void;
  problems: string[];
  asOfMonthEnd: string | null;
  loadedName: string | null;
}) {
  const id = useId();
  return (
    <section className="card no-print" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>What if…{loadedName ? ` (from “${loadedName}”)` : ''}</h2>
      <p className="card-description">Every change recomputes the forecast at once. Nothing is saved unless you save the scenario below.</p>
      <div className="forecast-controls">
        <fieldset>
          <legend>Intake and load</legend>
          <div className="field">
            <label htmlFor={`${id}-intake`}>Intake change (% against the trend)</label>
            <input
              id={`${id}-intake`}
              type="number"
              inputMode="decimal"
              step="5"
              value={form.intakeChangePercent}
              onChange={(e) => setForm({ ...form, intakeChangePercent: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-target`}>Target load (% of capacity)</label>
            <input
              id={`${id}-target`}
              type="number"
              inputMode="decimal"
              step="5"
              value={form.targetPercent}
              onChange={(e) => setForm({ ...form, targetPercent: e.target.value })}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Hours a month per client</legend>
          {STATES.map((s) => (
            <div className="field" key={s}>
              <label htmlFor={`${id}-h${s}`}>{STATE_LABELS[s]}</label>
              <input
                id={`${id}-h${s}`}
                type="number"
                inputMode="decimal"
                step="0.5"
                min="0"
                value={form.tierHours[s]}
                onChange={(e) => setForm({ ...form, tierHours: { ...form.tierHours, [s]: e.target.value } })}
              />
            </div>
          ))}
        </fieldset>
        <ChangeList label="Hires" list={form.hires} onChange={(hires) => setForm({ ...form, hires })} monthEnd={asOfMonthEnd} />
        <ChangeList
          label="Departures"
          list={form.departures}
          onChange={(departures) => setForm({ ...form, departures })}
          monthEnd={asOfMonthEnd}
        />
      </div>
      {problems.map((p) => (
        <p className="field-error" role="alert" key={p}>
          {p}
        </p>
      ))}
    </section>
  );
}

function SavedScenarios({
  me,
  current,
  problems,
  onLoad,
}: {
  me: Me;
  current: ReturnType<typeof scenarioFromForm>['scenario'];
  problems: string[];
  onLoad: (name: string, inputs: NonNullable<ReturnType<typeof scenarioFromForm>['scenario']>) => void;
}) {
  const id = useId();
  const canSave = me.role === 'director' || me.role === 'admin';
  const list = useQuery(trpc.forecast.scenarios.queryOptions());
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.forecast.scenarios.queryKey() });
  const save = useMutation(
    trpc.forecast.saveScenario.mutationOptions({
      onSuccess: (s) => {
        setMessage(`Saved “${s.name}”.`);
        setName('');
        refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.forecast.deleteScenario.mutationOptions({
      onSuccess: (r) => {
        setMessage(`Deleted “${r.deleted}”.`);
        refresh();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Saved scenarios</h2>
      {canSave ? (
        <form
          className="field-row forecast-save no-print"
          onSubmit={(e) => {
            e.preventDefault();
            setMessage(null);
            save.mutate({ name, inputs: current ?? {} });
          }}
        >
          <label htmlFor={`${id}-name`}>Save the scenario above as</label>
          <input id={`${id}-name`} type="text" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} required />
          <button type="submit" className="button" disabled={save.isPending || problems.length > 0 || name.trim() === ''}>
            Save scenario
          </button>
        </form>
      ) : (
        <p className="ratio-detail">Directors save scenarios; you can load them here.</p>
      )}
      {message ? (
        <p role="status" className="forecast-message">
          {message}
        </p>
      ) : null}
      {save.isError ? (
        <p className="field-error" role="alert">
          {save.error.message}
        </p>
      ) : null}
      {remove.isError ? (
        <p className="field-error" role="alert">
          {remove.error.message}
        </p>
      ) : null}
      {list.isPending ? (
        <Loading label="Loading saved scenarios…" rows={1} />
      ) : list.isError ? (
        <ErrorState title="The saved scenarios could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p>No saved scenarios.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" aria-labelledby={`${id}-h`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Inputs</th>
                <th scope="col">Saved</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{scenarioSummary(s.inputs)}</td>
                  <td className="nowrap">{formatDate(s.savedAt.slice(0, 10))}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => onLoad(s.name, s.inputs)}
                        aria-label={`Load ${s.name}`}
                      >
                        Load
                      </button>
                      {canSave ? (
                        <button
                          type="button"
                          className="button button-secondary"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate({ name: s.name })}
                          aria-label={`Delete ${s.name}`}
                        >
                          Delete
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A saved scenario's inputs in words. */
function scenarioSummary(s: NonNullable<ReturnType<typeof scenarioFromForm>['scenario']>): string {
  const parts: string[] = [];
  if (s.intakeChange !== undefined) parts.push(`intake ${s.intakeChange >= 0 ? '+' : ''}${Math.round(s.intakeChange * 1000) / 10} %`);
  if (s.target !== undefined) parts.push(`target ${Math.round(s.target * 1000) / 10} %`);
  if (s.hires?.length) parts.push(`${s.hires.reduce((a, c) => a + c.fte, 0)} FTE hired`);
  if (s.departures?.length) parts.push(`${s.departures.reduce((a, c) => a + c.fte, 0)} FTE leaving`);
  if (s.tierHours) parts.push('own tier hours');
  return parts.length ? parts.join(', ') : 'the agency’s own figures';
}
