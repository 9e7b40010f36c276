/** The filters every report page shares; their state lives in the URL. */
import { useEffect, useId, useRef, useState } from 'react';
import { parseIsoDate } from '../lib/format.ts';
import { Updating } from './PageHeader.tsx';

const earliest = '2000-01-01';
const latest = '2100-12-31';

function usable(value: string): boolean {
  return parseIsoDate(value) !== null && value >= earliest && value <= latest;
}

/**
 * The as-of date. The report's own date is shown when the URL has none. A date is
 * applied once it is complete (typing the year digit by digit does not fetch year 2).
 */
export function AsOfPicker({ value, fromUrl, onChange }: { value: string; fromUrl: boolean; onChange: (asOf: string | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value || !usable(draft)) return;
    const timer = setTimeout(() => onChangeRef.current(draft), 400);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <div className="field">
      <label htmlFor={id}>As of</label>
      <div className="field-row">
        <input
          id={id}
          type="date"
          value={draft}
          min={earliest}
          max={latest}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && usable(draft)) onChange(draft);
          }}
          aria-describedby={`${id}-hint`}
        />
        {fromUrl ? (
          <button type="button" className="button button-link" onClick={() => onChange(null)}>
            Today
          </button>
        ) : null}
      </div>
      <span id={`${id}-hint`} className="visually-hidden">
        Figures are computed for the end of this calendar day.
      </span>
    </div>
  );
}

export function SelectFilter({
  label,
  value,
  allLabel,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  allLabel: string | null;
  options: readonly { value: string; label: string }[];
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  const known = value === undefined || options.some((o) => o.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        {allLabel !== null ? <option value="">{allLabel}</option> : null}
        {!known && value !== undefined ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The team and program pickers of the report pages, labelled for the caller's scope
 * ("All my teams" for a supervisor, "All my programs" for a program manager). The
 * program picker appears only when there is a choice to make (or one is applied).
 */
export function TeamProgramFilters({
  role,
  myTeamCount,
  teamId,
  programId,
  teamOptions,
  programs,
  onChange,
  teamLabel = 'Team',
  teamAllLabel,
}: {
  role: string;
  myTeamCount: number;
  teamId: string | undefined;
  programId: string | undefined;
  teamOptions: readonly { value: string; label: string }[];
  programs: readonly { programId: string; name: string }[];
  onChange: (change: { team?: string | null; program?: string | null }) => void;
  teamLabel?: string;
  /** the "no team chosen" option; by default all teams in the caller's scope */
  teamAllLabel?: string | null;
}) {
  const allTeams =
    teamAllLabel !== undefined ? teamAllLabel : role === 'supervisor' ? (myTeamCount > 1 ? 'All my teams' : null) : 'All teams';
  return (
    <>
      <SelectFilter label={teamLabel} value={teamId} allLabel={allTeams} options={teamOptions} onChange={(team) => onChange({ team })} />
      {programs.length > 1 || programId ? (
        <SelectFilter
          label="Program"
          value={programId}
          allLabel={role === 'program_manager' ? 'All my programs' : 'All programs'}
          options={programs.map((p) => ({ value: p.programId, label: p.name }))}
          onChange={(program) => onChange({ program })}
        />
      ) : null}
    </>
  );
}

/**
 * The filter bar of a report on a date (caseloads, compliance, worklists): the as-of
 * date (the report's own when the URL has none), the team and program pickers except on
 * a case manager's own view, and the "updating" mark while other figures load.
 */
export function AsOfFilterBar({
  asOf,
  reportAsOf,
  self,
  role,
  myTeamCount,
  teamId,
  programId,
  teamOptions,
  programs,
  updating,
  onChange,
}: {
  /** the as-of date in the URL, if any */
  asOf: string | undefined;
  /** the date of the report on screen */
  reportAsOf: string | undefined;
  self: boolean;
  role: string;
  myTeamCount: number;
  teamId: string | undefined;
  programId: string | undefined;
  teamOptions: readonly { value: string; label: string }[];
  programs: readonly { programId: string; name: string }[];
  updating: boolean;
  onChange: (change: Record<string, string | null>) => void;
}) {
  return (
    <div className="filters no-print" role="group" aria-label="Filters">
      <AsOfPicker value={asOf ?? reportAsOf ?? ''} fromUrl={asOf !== undefined} onChange={(value) => onChange({ asOf: value })} />
      {!self ? (
        <TeamProgramFilters
          role={role}
          myTeamCount={myTeamCount}
          teamId={teamId}
          programId={programId}
          teamOptions={teamOptions}
          programs={programs}
          onChange={onChange}
        />
      ) : null}
      <Updating active={updating} />
    </div>
  );
}
