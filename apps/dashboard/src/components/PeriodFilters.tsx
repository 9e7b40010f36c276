/**
 * The filters of the Standard 8 pages (feedback, outcomes, providers, quality
 * reviews): the period (from/to in the URL, with presets), program and team. The
 * period is applied once both dates are complete and in order.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../lib/session.ts';
import { SelectFilter } from './Filters.tsx';
import { Updating } from './PageHeader.tsx';
import { Notice } from './states.tsx';
import { parseIsoDate } from '../lib/format.ts';
import { navigate, useLocation, useSearchParams } from '../lib/router.tsx';
import { parseFilters, withParams } from '../lib/url.ts';
import type { ExportFilters } from '../lib/csv.ts';
import { trpc } from '../trpc.ts';
import { useToday } from '../lib/today.ts';
import { type Period, parsePeriod, periodPresets } from '../lib/period.ts';
import './standard8.css';

export interface Standard8Input {
  from: string;
  to: string;
  programId?: string;
  teamId?: string;
}

export interface Standard8State {
  input: Standard8Input;
  period: Period;
  problems: string[];
  setParams: (changes: Record<string, string | null>) => void;
  names: {
    programs: Map<string, string>;
    teams: Map<string, string>;
    providers: Map<string, string>;
    staff: Map<string, string>;
  };
  programs: { programId: string; name: string }[];
  teams: { teamId: string; name: string }[];
  /** the team and program filters applied, for the file names of the page's CSV downloads */
  exportFilters: Pick<ExportFilters, 'team' | 'program'>;
}

const remembered = 'caseload.standard8.period';

/** The period last chosen in this browser tab, so moving between these pages keeps it. */
function rememberedPeriod(today: string): Period | null {
  try {
    const saved = window.sessionStorage.getItem(remembered);
    if (!saved) return null;
    const parsed = parsePeriod(new URLSearchParams(saved), today);
    return parsed.fromUrl ? parsed.period : null;
  } catch {
    return null;
  }
}

/** The period and scope filters from the address bar, and the names to show. */
export function useStandard8Filters(): Standard8State {
  const [search, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const today = useToday();
  const { period, fromUrl, problems: periodProblems } = parsePeriod(search, today);
  const hasPeriod = search.has('from') || search.has('to');
  // no period in the address: take the one chosen on the last of these pages, and show it in the address
  useEffect(() => {
    if (hasPeriod) return;
    const last = rememberedPeriod(today);
    if (last) navigate(withParams(pathname, search, { from: last.from, to: last.to }), { replace: true });
  }, [hasPeriod, pathname, search, today]);
  useEffect(() => {
    if (!fromUrl) return;
    try {
      window.sessionStorage.setItem(remembered, new URLSearchParams({ from: period.from, to: period.to }).toString());
    } catch {
      // storage refused (private mode): the period simply is not carried over
    }
  }, [fromUrl, period.from, period.to]);
  const { filters, problems } = parseFilters(search);
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const programs = useMemo(() => directory.data?.programs ?? [], [directory.data]);
  const teams = useMemo(() => directory.data?.teams ?? [], [directory.data]);
  const names = useMemo(
    () => ({
      programs: new Map(programs.map((p) => [p.programId, p.name])),
      teams: new Map(teams.map((t) => [t.teamId, t.name])),
      providers: new Map((directory.data?.providers ?? []).map((p) => [p.providerId, p.name])),
      staff: new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])),
    }),
    [programs, teams, directory.data],
  );
  const input: Standard8Input = { from: period.from, to: period.to };
  if (filters.programId) input.programId = filters.programId;
  if (filters.teamId) input.teamId = filters.teamId;
  const exportFilters = { team: input.teamId, program: input.programId };
  return { input, period, problems: [...periodProblems, ...problems], setParams, names, programs, teams, exportFilters };
}

function usable(value: string): boolean {
  return parseIsoDate(value) !== null && value >= '2000-01-01' && value <= '2100-12-31';
}

export function PeriodFilters({
  me,
  state,
  updating,
  showTeam = true,
}: {
  me: Me;
  state: Standard8State;
  updating: boolean;
  showTeam?: boolean;
}) {
  const id = useId();
  const { period, setParams, input } = state;
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);
  const draftProblem = !usable(from) || !usable(to) ? 'Enter both dates.' : from > to ? 'The period must start before it ends.' : null;
  useEffect(() => {
    if (draftProblem || (from === period.from && to === period.to)) return;
    const timer = setTimeout(() => setParams({ from, to }), 400);
    return () => clearTimeout(timer);
  }, [from, to, period.from, period.to, draftProblem, setParams]);
  const presets = periodPresets(useToday());
  const current = presets.find((p) => p.from === period.from && p.to === period.to)?.key ?? '';

  return (
    <>
      <div className="filters no-print" role="group" aria-label="Filters">
        <div className="field">
          <label htmlFor={`${id}-preset`}>Period</label>
          <select
            id={`${id}-preset`}
            value={current}
            onChange={(e) => {
              const preset = presets.find((p) => p.key === e.target.value);
              if (preset) setParams({ from: preset.from, to: preset.to });
            }}
          >
            {current === '' ? <option value="">Custom dates</option> : null}
            {presets.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            min="2000-01-01"
            max="2100-12-31"
            onChange={(e) => setFrom(e.target.value)}
            aria-invalid={draftProblem !== null && from > to ? true : undefined}
            aria-describedby={draftProblem ? `${id}-problem` : undefined}
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
            aria-describedby={draftProblem ? `${id}-problem` : undefined}
          />
        </div>
        {state.programs.length > 1 || input.programId ? (
          <SelectFilter
            label="Program"
            value={input.programId}
            allLabel={me.role === 'program_manager' ? 'All my programs' : 'All programs'}
            options={state.programs.map((p) => ({ value: p.programId, label: p.name }))}
            onChange={(program) => setParams({ program })}
          />
        ) : null}
        {showTeam && me.role !== 'board' && (state.teams.length > 1 || input.teamId) ? (
          <SelectFilter
            label="Team"
            value={input.teamId}
            allLabel={me.role === 'supervisor' ? 'All my teams' : 'All teams'}
            options={state.teams.map((t) => ({ value: t.teamId, label: t.name }))}
            onChange={(team) => setParams({ team })}
          />
        ) : null}
        <Updating active={updating} />
      </div>
      {draftProblem ? (
        <p id={`${id}-problem`} className="field-error" role="status">
          {draftProblem}
        </p>
      ) : null}
      {state.problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}
    </>
  );
}
