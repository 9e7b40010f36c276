/** A table of clients (ids only) with the dates a supervisor checks; shared by worklists and the drill-down. */
import { formatCount } from '../lib/format.ts';
import { tierLabels } from '../lib/report.ts';
import type { WorklistRow } from '../lib/mapWorklist.ts';

export type ClientColumn =
  | 'client'
  | 'tier'
  | 'program'
  | 'staff'
  | 'team'
  | 'enrolledOn'
  | 'lastAssessedOn'
  | 'reassessDueOn'
  | 'daysPastDue'
  | 'daysUntilDue'
  | 'lastContactOn'
  | 'lastFaceToFaceOn';

const shortDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

function day(value: string | null): string {
  if (value === null) return 'never';
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? value : shortDate.format(d);
}

function ago(days: number | null): string | null {
  if (days === null) return null;
  if (days === 0) return 'today';
  return days > 0 ? `${formatCount(days)} day${days === 1 ? '' : 's'} ago` : `in ${formatCount(-days)} day${days === -1 ? '' : 's'}`;
}

const headers: Record<ClientColumn, { label: string; numeric?: boolean }> = {
  client: { label: 'Client' },
  tier: { label: 'Tier' },
  program: { label: 'Program' },
  staff: { label: 'Case manager' },
  team: { label: 'Team' },
  enrolledOn: { label: 'Enrolled' },
  lastAssessedOn: { label: 'Last assessed' },
  reassessDueOn: { label: 'Reassessment due' },
  daysPastDue: { label: 'Days overdue', numeric: true },
  daysUntilDue: { label: 'Days until due', numeric: true },
  lastContactOn: { label: 'Last contact' },
  lastFaceToFaceOn: { label: 'Last face-to-face' },
};

function Cell({ row, column, dueDetail }: { row: WorklistRow; column: ClientColumn; dueDetail: boolean }) {
  switch (column) {
    case 'client':
      return (
        <th scope="row" className="nowrap">
          {row.clientId}
        </th>
      );
    case 'tier':
      return <td className="nowrap">{tierLabels[row.tier]}</td>;
    case 'program':
      return <td>{row.programName}</td>;
    case 'staff':
      return (
        <td className="nowrap">
          {row.staffLabel}
          {row.formerHolder ? <span className="ratio-detail">last case manager</span> : null}
        </td>
      );
    case 'team':
      return <td className="nowrap">{row.teamName}</td>;
    case 'enrolledOn':
      return <td className="nowrap">{day(row.enrolledOn)}</td>;
    case 'lastAssessedOn':
      return <td className="nowrap">{row.lastAssessedOn === null ? 'not yet assessed' : day(row.lastAssessedOn)}</td>;
    case 'reassessDueOn':
      return (
        <td className="nowrap">
          {day(row.reassessDueOn)}
          {dueDetail ? <span className="ratio-detail">{ago(row.daysPastDue)}</span> : null}
        </td>
      );
    case 'daysPastDue':
      return <td className="num">{row.daysPastDue > 0 ? formatCount(row.daysPastDue) : '—'}</td>;
    case 'daysUntilDue':
      return <td className="num">{row.daysPastDue <= 0 ? formatCount(-row.daysPastDue) : '—'}</td>;
    case 'lastContactOn':
      return (
        <td className="nowrap">
          {day(row.lastContactOn)}
          {row.daysSinceContact !== null ? <span className="ratio-detail">{ago(row.daysSinceContact)}</span> : null}
        </td>
      );
    case 'lastFaceToFaceOn':
      return (
        <td className="nowrap">
          {day(row.lastFaceToFaceOn)}
          {row.daysSinceFaceToFace !== null ? <span className="ratio-detail">{ago(row.daysSinceFaceToFace)}</span> : null}
        </td>
      );
  }
}

export function ClientTable({
  rows,
  columns,
  labelledBy,
}: {
  rows: readonly WorklistRow[];
  columns: readonly ClientColumn[];
  labelledBy: string;
  asOf: string;
}) {
  // a days column says the same as the "… days ago" under the date
  const dueDetail = !columns.includes('daysPastDue') && !columns.includes('daysUntilDue');
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={headers[c].numeric ? 'num' : undefined}>
                {headers[c].label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.clientId} data-client-id={r.clientId}>
              {columns.map((c) => (
                <Cell key={c} row={r} column={c} dueDetail={dueDetail} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
