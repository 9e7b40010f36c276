/** The filters every report page shares; their state lives in the URL. */
import { useEffect, useId, useRef, useState } from 'react';
import { parseIsoDate } from '../lib/format.ts';

const earliest = '2000-01-01';
const latest = '2100-12-31';

function usable(value: string): boolean {
  return parseIsoDate(value) !== null && value >= earliest && value <= latest;
}

/**
 * The as-of date. The report's own date is shown when the URL has none. A date is
 * applied once it is complete (typing the year digit by digit does not fetch year 2).
 */
export function AsOfPicker({
  value,
  fromUrl,
  onChange,
}: {
  value: string;
  fromUrl: boolean;
  onChange: (asOf: string | null) => void;
}) {
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
