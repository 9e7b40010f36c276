/** Pieces the admin pages share: timestamps and a pager. */
import { formatCount } from '../../lib/format.ts';

const timestamp = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timestamp.format(d);
}

export function Pager({
  page,
  pages,
  total,
  noun,
  nouns,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  /** what is counted, one and many: 'entry', 'entries' */
  noun: string;
  nouns: string;
  onPage: (page: number) => void;
}) {
  if (pages <= 1) {
    return (
      <p className="pager muted">
        {formatCount(total)} {total === 1 ? noun : nouns}
      </p>
    );
  }
  return (
    <nav className="pager" aria-label={`Pages of ${nouns}`}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {formatCount(page)} of {formatCount(pages)} · {formatCount(total)} {total === 1 ? noun : nouns}
      </span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
