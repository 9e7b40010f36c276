import { type CsvCell, downloadCsv, toCsv } from '../lib/csv.ts';

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
  return (
    <button
      type="button"
      className="button button-secondary no-print"
      aria-describedby={describedBy}
      onClick={() => {
        const { fileName, header, rows } = build();
        downloadCsv(fileName, toCsv(header, rows));
      }}
    >
      {label}
      <span className="visually-hidden"> of {of}</span>
    </button>
  );
}
