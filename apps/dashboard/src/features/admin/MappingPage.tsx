/**
 * Import mapping (administrators): teach the system the agency's own export. Upload
 * one file of it (CSV or an Excel workbook); the page reads its columns, suggests which
 * of them fill each column of the import file, lets the administrator correct that and
 * map the export's words ("Home Visit") onto the values the import accepts, shows the
 * first rows exactly as they will import (each problem with the message the import
 * would give), and saves the mapping as a new version.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { trpc } from '../../trpc.ts';
import './admin.css';
import { formatTimestamp } from './shared.tsx';
import {
  constantOf,
  DATE_FORMAT_LABELS,
  DATE_FORMATS,
  type DateFormat,
  emptyProfile,
  type FileMapping,
  mappingFromSuggestion,
  type Profile,
  sampleWords,
  setColumn,
  setValue,
  sourceColumn,
  valuesOf,
} from './mapping.ts';
import { IMPORT_FILE_NAMES } from './upload.ts';

type Cell = string | number | boolean | null | { date: string };
interface Sheet {
  name: string | null;
  header: string[];
  rows: Cell[][];
}
interface Inspected {
  file: string;
  sheets: Sheet[];
}

async function inspectFile(file: File): Promise<Inspected> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/admin/imports/inspect', { method: 'POST', body: form, credentials: 'same-origin' });
  const body = (await res.json().catch(() => null)) as (Inspected & { error?: string }) | null;
  if (!res.ok || !body || body.error) throw new Error(body?.error ?? `The file could not be read (${res.status}).`);
  return body;
}

export function MappingPage() {
  const saved = useQuery(trpc.imports.profile.queryOptions());
  // kept here: a save moves the active version, which remounts the editor below
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  if (saved.isPending) return <Loading label="Loading the import mapping…" />;
  if (saved.isError)
    return <ErrorState title="The import mapping could not be loaded" error={saved.error} onRetry={() => void saved.refetch()} />;
  const active = saved.data.active;
  return (
    <MappingEditor
      key={active?.version ?? 0}
      initial={(active?.profile as Profile | undefined) ?? emptyProfile()}
      version={active?.version ?? null}
      versions={saved.data.versions}
      savedVersion={savedVersion}
      onSaved={(v) => {
        setSavedVersion(v);
        void saved.refetch();
      }}
    />
  );
}

function MappingEditor({
  initial,
  version,
  versions,
  savedVersion,
  onSaved,
}: {
  initial: Profile;
  version: number | null;
  versions: ReadonlyArray<{ version: number; createdAt: string; createdBy: string; name: string }>;
  /** the version this visit saved last, if any */
  savedVersion: number | null;
  onSaved: (version: number) => void;
}) {
  const ids = useId();
  const [profile, setProfile] = useState<Profile>(initial);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [reading, setReading] = useState(false);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [sheetAt, setSheetAt] = useState(0);
  const [target, setTarget] = useState<string>(Object.keys(initial.files)[0] ?? 'clients.csv');
  const save = useMutation(
    trpc.imports.saveProfile.mutationOptions({
      onSuccess: (r) => onSaved(r.version),
    }),
  );

  const sheet = inspected?.sheets[sheetAt] ?? null;
  const mapping = profile.files[target];
  const defaults = {
    ...(profile.dateFormat ? { dateFormat: profile.dateFormat } : {}),
    ...(profile.listSeparator ? { listSeparator: profile.listSeparator } : {}),
    ...(profile.idPrefix ? { idPrefix: profile.idPrefix } : {}),
  };
  const preview = useQuery({
    ...trpc.imports.previewMapping.queryOptions({
      target: target,
      header: sheet?.header ?? [],
      rows: (sheet?.rows ?? []).slice(0, 10),
      ...(mapping ? { mapping } : {}),
      defaults,
    }),
    enabled: sheet !== null,
    placeholderData: (prev) => prev,
  });

  const updateFile = (next: FileMapping | null) =>
    setProfile((p) => {
      const files = { ...p.files };
      if (next === null) delete files[target];
      else files[target] = next;
      return { ...p, files };
    });

  const read = async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    setReadProblem(null);
    try {
      const result = await inspectFile(file);
      setInspected(result);
      setSheetAt(0);
    } catch (err) {
      setReadProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setReading(false);
    }
  };

  const useSuggestion = () => {
    if (!inspected || !sheet || !preview.data) return;
    updateFile(mappingFromSuggestion(inspected.file, sheet.name, preview.data.suggestion));
  };

  const columns = preview.data?.columns ?? [];
  const header = sheet?.header ?? [];

  return (
    <>
      <PageHeader title="Import mapping">
        <p>
          Teach the system your case-management system&apos;s export, once: which of its columns fill each column of the import files, what
          its words mean, and how it writes dates. Imports from the browser, the drop folder and the API then take the export as it is.
        </p>
      </PageHeader>

      <section className="card" aria-labelledby={`${ids}-profile`}>
        <div className="card-header">
          <h2 id={`${ids}-profile`}>The mapping</h2>
          <p className="card-description">
            {version === null
              ? 'No mapping is saved yet: imports expect the import files as they are.'
              : `Version ${version} is in use (saved ${formatTimestamp(versions[0]?.createdAt ?? '')} by ${versions[0]?.createdBy ?? ''}).`}
          </p>
        </div>
        <div className="mapping-settings">
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              value={profile.name}
              onChange={(e) => setProfile({ ...profile, name: e.target.value })}
              placeholder="ClientTrack nightly export"
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-date`}>Dates are written</label>
            <select
              id={`${ids}-date`}
              value={profile.dateFormat ?? 'YYYY-MM-DD'}
              onChange={(e) => setProfile({ ...profile, dateFormat: e.target.value as DateFormat })}
            >
              {DATE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {DATE_FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-sep`}>Lists are separated by</label>
            <input
              id={`${ids}-sep`}
              value={profile.listSeparator ?? ';'}
              maxLength={3}
              size={3}
              onChange={(e) => setProfile({ ...profile, listSeparator: e.target.value || ';' })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-prefix`}>Id prefix (optional)</label>
            <input
              id={`${ids}-prefix`}
              value={profile.idPrefix ?? ''}
              maxLength={20}
              size={8}
              onChange={(e) => setProfile({ ...profile, idPrefix: e.target.value })}
            />
          </div>
        </div>
        {Object.keys(profile.files).length > 0 ? (
          <ul className="mapping-files">
            {Object.entries(profile.files).map(([file, m]) => (
              <li key={file}>
                <button
                  type="button"
                  className="button-link"
                  onClick={() => setTarget(file)}
                  aria-current={file === target ? 'true' : undefined}
                >
                  {file}
                </button>{' '}
                ← <span className="file-name">{m.source}</span>
                {m.sheet ? <span className="muted"> (sheet {m.sheet})</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="upload-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={save.isPending || profile.name.trim() === '' || Object.keys(profile.files).length === 0}
            onClick={() => save.mutate({ profile })}
          >
            {save.isPending ? 'Saving…' : 'Save the mapping'}
          </button>
          <p role="status" className="muted">
            {savedVersion !== null && !save.isPending && !save.isError ? `Saved as version ${savedVersion}.` : ''}
          </p>
        </div>
        {save.isError ? (
          <p className="field-error" role="alert">
            {save.error.message}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby={`${ids}-file`}>
        <div className="card-header">
          <h2 id={`${ids}-file`}>Map one file of the export</h2>
          <p className="card-description">
            Choose a file of the export (.csv, or an Excel workbook .xlsx). Only its column names and first rows are read, to show here;
            nothing is imported or kept.
          </p>
        </div>
        <div className="mapping-settings">
          <div className="field">
            <label htmlFor={`${ids}-upload`}>Export file</label>
            <input
              id={`${ids}-upload`}
              type="file"
              accept=".csv,.xlsx,text/csv"
              disabled={reading}
              onChange={(e) => void read(e.target.files?.[0])}
            />
          </div>
          {inspected && inspected.sheets.length > 1 ? (
            <div className="field">
              <label htmlFor={`${ids}-sheet`}>Sheet</label>
              <select id={`${ids}-sheet`} value={sheetAt} onChange={(e) => setSheetAt(Number(e.target.value))}>
                {inspected.sheets.map((s, i) => (
                  <option key={s.name ?? i} value={i}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${ids}-target`}>Fills the import file</label>
            <select id={`${ids}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
              {IMPORT_FILE_NAMES.map((f) => (
                <option key={f} value={f}>
                  {f}
                  {profile.files[f] ? ' (mapped)' : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        {reading ? <p role="status">Reading the file…</p> : null}
        {readProblem ? (
          <p className="field-error" role="alert">
            {readProblem}
          </p>
        ) : null}

        {sheet ? (
          mapping ? (
            <>
              <div className="mapping-settings">
                <div className="field">
                  <label htmlFor={`${ids}-source`}>Source file name (* matches any text, e.g. Activities_*.csv)</label>
                  <input id={`${ids}-source`} value={mapping.source} onChange={(e) => updateFile({ ...mapping, source: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-mode`}>Rows the export no longer has</label>
                  <select
                    id={`${ids}-mode`}
                    value={mapping.mode ?? 'upsert'}
                    onChange={(e) => updateFile({ ...mapping, mode: e.target.value as 'upsert' | 'snapshot' })}
                  >
                    <option value="upsert">are kept (the export holds changes)</option>
                    <option value="snapshot">are deleted (the export is the whole list)</option>
                  </select>
                </div>
                <button type="button" className="button button-secondary" onClick={() => updateFile(null)}>
                  Stop mapping {target}
                </button>
              </div>
              <ColumnTable
                target={target}
                mapping={mapping}
                header={header}
                rows={sheet.rows}
                columns={columns}
                accepted={preview.data?.accepted ?? {}}
                onChange={updateFile}
              />
              <Preview target={target} columns={columns} data={preview.data} />
            </>
          ) : (
            <div className="upload-actions">
              <button type="button" className="button button-primary" disabled={!preview.data} onClick={useSuggestion}>
                Map {inspected?.file}
                {sheet.name ? ` (${sheet.name})` : ''} to {target}
              </button>
              <p className="muted small">
                Suggested from the column names:{' '}
                {(preview.data?.suggestion ?? [])
                  .filter((s) => s.source !== null)
                  .map((s) => `${s.source} → ${s.column}`)
                  .join(', ') || 'none yet'}
                .
              </p>
            </div>
          )
        ) : null}
      </section>
    </>
  );
}

function ColumnTable({
  target,
  mapping,
  header,
  rows,
  columns,
  accepted,
  onChange,
}: {
  target: string;
  mapping: FileMapping;
  header: string[];
  rows: Cell[][];
  columns: ReadonlyArray<{ name: string; required: boolean }>;
  accepted: Record<string, string[]>;
  onChange: (m: FileMapping) => void;
}) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="data-table mapping-table">
        <caption>Columns of {target}, and where each comes from</caption>
        <thead>
          <tr>
            <th scope="col">Column of {target}</th>
            <th scope="col">From the export&apos;s column</th>
            <th scope="col">Words in the export, and what they mean</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const src = mapping.columns[c.name];
            const column = sourceColumn(src);
            const constant = constantOf(src);
            const values = valuesOf(src);
            const choices = accepted[c.name] ?? [];
            const at = column === null ? -1 : header.indexOf(column);
            const words = at < 0 ? [] : [...new Set([...Object.keys(values), ...sampleWords(rows, at)])];
            const selectId = `map-${c.name}`;
            return (
              <tr key={c.name}>
                <th scope="row">
                  <label htmlFor={selectId}>
                    <code>{c.name}</code>
                  </label>
                  {c.required ? <span className="badge">required</span> : null}
                </th>
                <td>
                  <select
                    id={selectId}
                    value={constant !== null ? '\u0000constant' : (column ?? '')}
                    onChange={(e) => {
                      const v = e.target.value;
                      onChange(setColumn(mapping, c.name, v === '' ? null : v === '\u0000constant' ? { constant: '' } : { column: v }));
                    }}
                  >
                    <option value="">— not mapped —</option>
                    {header.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                    {column !== null && !header.includes(column) ? <option value={column}>{column} (not in this file)</option> : null}
                    <option value={'\u0000constant'}>the same value on every row…</option>
                  </select>
                  {constant !== null ? (
                    <input
                      aria-label={`Value of ${c.name} on every row`}
                      value={constant}
                      onChange={(e) => onChange(setColumn(mapping, c.name, { constant: e.target.value }))}
                    />
                  ) : null}
                </td>
                <td>
                  {choices.length > 0 && words.length > 0 ? (
                    <ul className="value-map">
                      {words.map((w) => (
                        <li key={w}>
                          <label>
                            <span className="file-name">{w}</span> means{' '}
                            <select value={values[w] ?? ''} onChange={(e) => onChange(setValue(mapping, c.name, w, e.target.value))}>
                              <option value="">{choices.includes(w) ? `${w} (as written)` : '— choose —'}</option>
                              {choices.map((v) => (
                                <option key={v} value={v}>
                                  {v}
                                </option>
                              ))}
                            </select>
                          </label>
                        </li>
                      ))}
                    </ul>
                  ) : choices.length > 0 ? (
                    <span className="muted small">accepts {choices.join(', ')}</span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Preview({
  target,
  columns,
  data,
}: {
  target: string;
  columns: ReadonlyArray<{ name: string }>;
  data: { problem: string | null; rows: Array<{ cells: string[]; errors: Record<string, string> }> } | undefined;
}) {
  const problems = useMemo(() => (data?.rows ?? []).reduce((n, r) => n + Object.keys(r.errors).length, 0), [data]);
  if (!data) return null;
  if (data.problem) {
    return (
      <p className="field-error" role="alert">
        {data.problem}
      </p>
    );
  }
  return (
    <div className="mapping-preview">
      <h3>
        The first {data.rows.length} rows as they will import into {target}
      </h3>
      <p role="status" className={problems ? 'field-error' : 'muted'}>
        {problems === 0
          ? 'Every cell shown imports as it is.'
          : `${problems} cell${problems === 1 ? '' : 's'} would be refused; the import would name each by file, row and column.`}
      </p>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">Preview of {target}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.name} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c, j) => {
                  const error = r.errors[c.name];
                  return (
                    <td key={c.name} className={error ? 'cell-refused' : undefined}>
                      {r.cells[j] ?? ''}
                      {error ? <span className="cell-error">{error}</span> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
