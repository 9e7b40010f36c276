/**
 * On every page: how old the numbers are. "Data as of <latest date in the data>,
 * imported <when> (<how>)", in a warning colour when the last import is older than the
 * agency allows (staleAfterDays).
 */
import { useQuery } from '@tanstack/react-query';
import { formatDate } from '../lib/format.ts';
import { trpc } from '../trpc.ts';
import './freshness.css';

const importedAt = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

export function FreshnessBanner() {
  const q = useQuery({ ...trpc.imports.freshness.queryOptions(), staleTime: 60_000 });
  if (!q.data) return null;
  const f = q.data;
  const asOf = f.dataAsOf ? `Data as of ${formatDate(f.dataAsOf)}` : 'No dated records yet';
  const imported = f.importedAt
    ? `, imported ${importedAt.format(new Date(f.importedAt))}${f.via ? ` (${f.via})` : ''}`
    : ', no import recorded';
  const days = f.daysSinceImport;
  return (
    <p className={f.stale ? 'freshness freshness-stale' : 'freshness'} data-testid="freshness">
      <span>
        {asOf}
        {imported}.
      </span>
      {f.stale ? (
        <strong>
          {days === null
            ? ' The figures are not from an import.'
            : ` The last import is ${days} days old, more than the ${f.staleAfterDays} days this agency allows: the figures may be out of date.`}
        </strong>
      ) : null}
    </p>
  );
}
