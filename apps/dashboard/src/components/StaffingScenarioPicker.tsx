/**
 * On the board report, for directors and administrators: which saved forecast scenario
 * (if any) gives the optional "Staffing need" section. Kept in the address (?staffing=)
 * so the chosen report can be shared and printed as it is.
 */
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { trpc } from '../trpc.ts';

export function StaffingScenarioPicker({ value, onChange }: { value: string | null; onChange: (name: string | null) => void }) {
  const id = useId();
  const list = useQuery(trpc.forecast.scenarios.queryOptions());
  const names = list.data?.map((s) => s.name) ?? [];
  return (
    <div className="field no-print">
      <label htmlFor={id}>Staffing need section</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        disabled={list.isPending}
      >
        <option value="">None</option>
        {value !== null && !names.includes(value) ? <option value={value}>{value}</option> : null}
        {names.map((n) => (
          <option key={n} value={n}>
            Saved scenario: {n}
          </option>
        ))}
      </select>
      {list.isSuccess && names.length === 0 ? (
        <span className="ratio-detail">No saved scenarios yet: save one on the staffing forecast.</span>
      ) : null}
    </div>
  );
}
