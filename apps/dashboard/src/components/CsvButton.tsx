import { useState } from 'react';
import { type CsvTable, exportFileName, toCsv } from '../lib/csv.ts';
import { auditedDownload } from '../lib/export.ts';

/**
 * Downloads the table beside it as CSV. `build` returns the table with its name
 * (table, as-of day or period, the filters applied, settings version), and the file
 * name is made from that name here, so no table can leave its filters or settings
 * version out of the file name. The download is audited before it is handed over.
 */
export function CsvButton({
  build,
  label = 'Download CSV',
  of,
  describedBy,
}: {
  build: () => CsvTable;
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
          const { name, header, rows } = build();
          setBusy(true);
          setProblem(null);
          auditedDownload(exportFileName(name), toCsv(header, rows), rows.length)
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
