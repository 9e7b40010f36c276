import { useState } from 'react';
import { type CsvCell, toCsv } from '../lib/csv.ts';
import { auditedDownload } from '../lib/export.ts';

/** Downloads the table beside it as CSV; the file name says what and as of when. */
export function CsvButton({
  build,
  label = 'Download CSV',
  of,
  describedBy,
}: {
  build: () => { fileName: string; header: readonly string[]; rows: readonly (readonly CsvCell[])[] };
  label?: string;
  /** what the file holds, read out after the label ("Download CSV of load by team") */
  of: string;
  describedBy?: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button-secondary no-print"
        aria-describedby={describedBy}
        disabled={busy}
        onClick={() => {
          const { fileName, header, rows } = build();
          setBusy(true);
          setProblem(null);
          auditedDownload(fileName, toCsv(header, rows), rows.length)
            .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
            .finally(() => setBusy(false));
        }}
      >
        {label}
        <span className="visually-hidden"> of {of}</span>
      </button>
      {problem ? (
        <span className="form-error no-print" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
