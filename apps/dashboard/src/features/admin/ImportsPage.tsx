/**
 * Imports (administrators): upload the CSV files of the agency's case-management
 * system (or one zip of them), follow the upload, then read the server's check:
 * rows per file, or every problem as file:line: column: message with nothing
 * imported. Below, the imports so far, from the audit log.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type DragEvent, useId, useRef, useState } from 'react';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTimestamp, Pager } from './shared.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { formatCount } from '../../lib/format.ts';
import { queryClient, trpc } from '../../trpc.ts';
import './admin.css';
import {
  checkSelection,
  formatBytes,
  IMPORT_FILE_NAMES,
  unknownCsvFiles,
  type UploadOutcome,
  type UploadProgress,
  uploadImportFiles,
} from './upload.ts';

type Phase =
  { kind: 'idle' } | { kind: 'sending'; progress: UploadProgress | null } | { kind: 'checking' } | { kind: 'done'; outcome: UploadOutcome };

export function ImportsPage() {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const busy = phase.kind === 'sending' || phase.kind === 'checking';
  // a saved import mapping reads the agency's own export (its names, Excel workbooks)
  const mapping = useQuery(trpc.imports.profile.queryOptions());
  const mapped = Boolean(mapping.data?.active);

  const choose = (chosen: File[]) => {
    setFiles(chosen);
    setProblem(chosen.length ? checkSelection(chosen, mapped) : null);
    if (phase.kind === 'done') setPhase({ kind: 'idle' });
  };

  const send = async () => {
    const selectionProblem = checkSelection(files, mapped);
    if (selectionProblem) {
      setProblem(selectionProblem);
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ kind: 'sending', progress: null });
    const outcome = await uploadImportFiles(files, {
      onProgress: (progress) => setPhase({ kind: 'sending', progress }),
      onSent: () => setPhase({ kind: 'checking' }),
      signal: controller.signal,
    });
    abort.current = null;
    if (outcome === null) {
      setPhase({ kind: 'idle' });
      return;
    }
    if (outcome.kind === 'signed-out') {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      return;
    }
    setPhase({ kind: 'done', outcome });
    if (outcome.kind === 'imported') {
      setFiles([]);
      if (input.current) input.current.value = '';
      // every figure may have changed
      await queryClient.invalidateQueries();
    } else {
      await queryClient.invalidateQueries({ queryKey: trpc.imports.history.queryKey() });
    }
    resultRef.current?.focus();
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    choose([...e.dataTransfer.files]);
  };

  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const unknown = unknownCsvFiles(files);

  return (
    <>
      <PageHeader title="Imports">
        <p>
          Load the agency&apos;s records from CSV files. An import is all or nothing: if any row has a problem, nothing is changed and every
          problem is listed by file and line.
        </p>
      </PageHeader>

      <section className="card" aria-labelledby={`${inputId}-title`}>
        <div className="card-header">
          <h2 id={`${inputId}-title`}>Upload import files</h2>
          <p className="card-description" id={hintId}>
            Choose one or more of the import files ({IMPORT_FILE_NAMES.join(', ')}), or one .zip file holding them (folders inside the zip
            are fine). Rows already in the system are updated by their id; files you leave out are not touched.
            {mapped
              ? ` The agency's import mapping "${String((mapping.data?.active?.profile as { name?: string } | undefined)?.name ?? '')}" is in use: the files of its export (.csv or .xlsx, under their own names) are read through it.`
              : " To import your system's own export as it is, set up the Import mapping first."}
          </p>
        </div>
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            if (!busy) setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p className="drop-zone-title">Drop the CSV files or a .zip here, or</p>
          <label htmlFor={inputId} className="button button-secondary">
            Choose files…
          </label>
          <input
            ref={input}
            id={inputId}
            className="visually-hidden"
            type="file"
            multiple
            accept={mapped ? '.csv,.xlsx,.zip,text/csv,application/zip' : '.csv,.zip,text/csv,application/zip'}
            aria-describedby={hintId}
            disabled={busy}
            onChange={(e) => choose([...(e.target.files ?? [])])}
          />
        </div>

        {files.length > 0 ? (
          <div className="chosen">
            <h3>
              Chosen: {files.length} file{files.length === 1 ? '' : 's'}, {formatBytes(totalBytes)}
            </h3>
            <ul className="chosen-list">
              {files.map((f) => (
                <li key={f.name}>
                  <span className="file-name">{f.name}</span> <span className="muted">{formatBytes(f.size)}</span>
                </li>
              ))}
            </ul>
            {unknown.length > 0 && !mapped ? (
              <p className="muted small">Not an import file, so it will not be imported: {unknown.join(', ')}.</p>
            ) : null}
          </div>
        ) : null}
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}

        <div className="upload-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy || files.length === 0 || problem !== null}
            onClick={() => void send()}
          >
            {busy ? 'Importing…' : 'Check and import'}
          </button>
          {phase.kind === 'sending' ? (
            <button type="button" className="button button-link" onClick={() => abort.current?.abort()}>
              Cancel upload
            </button>
          ) : null}
        </div>

        {phase.kind === 'sending' || phase.kind === 'checking' ? <UploadStatus phase={phase} /> : null}

        <div ref={resultRef} tabIndex={-1} className="upload-result">
          {phase.kind === 'done' ? <Outcome outcome={phase.outcome} /> : null}
        </div>
      </section>

      <ImportHistory />
    </>
  );
}

function UploadStatus({ phase }: { phase: Extract<Phase, { kind: 'sending' } | { kind: 'checking' }> }) {
  const progress = phase.kind === 'sending' ? phase.progress : null;
  const percent =
    phase.kind === 'checking' ? 100 : progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-status">
      <progress className="upload-progress" max={100} value={percent} aria-label="Upload progress" aria-valuetext={`${percent}% sent`} />
      <p role="status" aria-live="polite">
        {phase.kind === 'checking'
          ? 'Uploaded. Checking every row and importing — this can take a while for large files…'
          : progress
            ? `Uploading: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${percent}%)`
            : 'Starting the upload…'}
      </p>
    </div>
  );
}

function Outcome({ outcome }: { outcome: UploadOutcome }) {
  if (outcome.kind === 'imported') {
    const snapshots = outcome.files.some((f) => f.deleted !== undefined);
    return (
      <div className="import-success" role="status">
        <p className="state-title">
          Imported {formatCount(outcome.totalRows)} row{outcome.totalRows === 1 ? '' : 's'} from {outcome.files.length} file
          {outcome.files.length === 1 ? '' : 's'}.
        </p>
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">Rows imported per file</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  New
                </th>
                <th scope="col" className="num">
                  Changed
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                {snapshots ? (
                  <th scope="col" className="num">
                    Deleted (not in the export)
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {outcome.files.map((f) => (
                <tr key={f.file}>
                  <th scope="row">
                    {f.file}
                    {f.source ? <span className="muted small"> from {f.source}</span> : null}
                  </th>
                  <td className="num">{formatCount(f.rows)}</td>
                  <td className="num">{formatCount(f.inserted)}</td>
                  <td className="num">{formatCount(f.updated)}</td>
                  <td className="num">{formatCount(f.unchanged)}</td>
                  {snapshots ? <td className="num">{f.deleted === undefined ? '—' : formatCount(f.deleted)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {outcome.ignored.length > 0 ? <p className="muted small">Not import files, left out: {outcome.ignored.join(', ')}.</p> : null}
      </div>
    );
  }
  if (outcome.kind === 'invalid') {
    const shown = outcome.errors.length;
    return (
      <div className="form-error import-errors" role="alert">
        <p className="state-title">
          {formatCount(outcome.errorCount)} problem{outcome.errorCount === 1 ? '' : 's'} found — nothing was imported.
        </p>
        <p>Correct the files and upload them again. Each problem is given as file:line: column: message.</p>
        {shown < outcome.errorCount ? (
          <p>
            The first {formatCount(shown)} are listed; {formatCount(outcome.errorCount - shown)} more are only counted.
          </p>
        ) : null}
        <ol className="error-list">
          {outcome.errors.map((e, i) => (
            <li key={`${i}-${e}`}>
              <code>{e}</code>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (outcome.kind === 'refused') {
    return (
      <div className="form-error" role="alert">
        <p className="state-title">The upload was not accepted — nothing was imported.</p>
        <p>{outcome.message}</p>
      </div>
    );
  }
  return null;
}

function ImportHistory() {
  const [page, setPage] = useState(1);
  const history = useQuery({
    ...trpc.imports.history.queryOptions({ page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card" aria-labelledby="import-history-title">
      <div className="card-header">
        <h2 id="import-history-title">Past imports</h2>
        <p className="card-description">Every completed import, newest first, as recorded in the audit log.</p>
        {history.data && history.data.total > 0 ? (
          <CsvButton
            of="the past imports on this page"
            build={() => ({
              name: { table: 'imports', date: null, filters: { page: String(history.data.page) }, settingsVersion: null },
              header: ['at', 'by', 'files', 'total_rows'],
              rows: history.data.imports.map((imp) => [
                imp.at,
                imp.actor,
                imp.files.map((f) => (f.rows === null ? f.file : `${f.file} (${f.rows})`)).join('; '),
                imp.totalRows,
              ]),
            })}
          />
        ) : null}
      </div>
      {history.isPending ? (
        <Loading label="Loading past imports…" rows={3} />
      ) : history.isError ? (
        <ErrorState title="Past imports could not be loaded" error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.total === 0 ? (
        <EmptyState title="No imports yet">
          <p>Imports made here or with the command line are listed once they complete.</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table import-history">
              <caption className="visually-hidden">Past imports</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Files</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.data.imports.map((imp) => (
                  <tr key={imp.auditId}>
                    <td className="nowrap">{formatTimestamp(imp.at)}</td>
                    <td>{imp.actor}</td>
                    <td>
                      {imp.files.length === 0
                        ? '—'
                        : imp.files.map((f) => (f.rows === null ? f.file : `${f.file} (${formatCount(f.rows)})`)).join(', ')}
                    </td>
                    <td className="num">{formatCount(imp.totalRows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={history.data.page}
            pages={history.data.pages}
            total={history.data.total}
            noun="import"
            nouns="imports"
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
