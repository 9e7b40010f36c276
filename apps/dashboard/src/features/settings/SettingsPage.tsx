/**
 * Agency settings (directors and administrators): tier hours, capacity, load bands,
 * contact rules, reassessment intervals, the quality-review pass score, the
 * minimum cell size, data freshness and the drop folder's schedule, and the staffing
 * forecast's history. Before saving, the page shows what the change would move
 * (settings.preview, nothing saved). Saving makes a new version (the old ones are kept, every report
 * names the version it used) and is audited with old and new values; every figure
 * is computed again with the new version.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatCount, formatDate } from '../../lib/format.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { errorCode, errorMessage, queryClient, type RouterOutputs, trpc } from '../../trpc.ts';
import '../../components/standard8.css';
import { StandardsEditor } from '../../components/StandardsEditor.tsx';
import {
  type Change,
  type Draft,
  diffSettings,
  settingsHistoryCsv,
  type FieldDef,
  fromDraft,
  protectTierOptions,
  settingsFields,
  toDraft,
  prefillDraft,
} from './settingsForm.ts';
import { notPreviewed, previewInput, previewText } from './settingsPreview.ts';

/** The IANA time zones this browser knows, US zones first (the agencies this serves). */
const timeZoneNames: readonly string[] = (() => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['America/New_York'];
  return [
    ...all.filter((z) => z.startsWith('America/') || z.startsWith('Pacific/Honolulu')),
    ...all.filter((z) => !z.startsWith('America/') && z !== 'Pacific/Honolulu'),
  ];
})();

type SettingsView = RouterOutputs['settings']['get'];

const timestamp = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

function formatTimestamp(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : timestamp.format(d);
}

export function SettingsPage({ me }: { me: Me }) {
  const current = useQuery(trpc.settings.get.queryOptions());
  // kept here: the form starts afresh with each saved version
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Agency settings">
        <p>
          {current.data ? (
            <>
              Version <strong data-testid="settings-version">{current.data.version}</strong>, saved{' '}
              {formatTimestamp(current.data.createdAt)}
              {current.data.createdBy ? ` by ${current.data.createdBy}` : ''}. Every report names the settings version it used.
            </>
          ) : (
            'The values every figure is computed with.'
          )}
        </p>
      </PageHeader>
      {current.isPending ? (
        <Loading label="Loading the settings…" rows={4} />
      ) : current.isError ? (
        <ErrorState title="The settings could not be loaded" error={current.error} onRetry={() => void current.refetch()} />
      ) : (
        <SettingsForm
          key={current.data.version}
          current={current.data}
          saved={saved}
          onSaved={setSaved}
          canSave={me.role === 'admin' || me.role === 'director'}
        />
      )}
      {current.data ? <StandardsEditor current={current.data} /> : null}
      {me.role === 'admin' || me.role === 'director' ? <SettingsHistory currentVersion={current.data?.version ?? null} /> : null}
    </>
  );
}

function groupsOf(fields: readonly FieldDef[]): Array<[string, FieldDef[]]> {
  const map = new Map<string, FieldDef[]>();
  for (const f of fields) map.set(f.group, [...(map.get(f.group) ?? []), f]);
  return [...map.entries()];
}

function SettingsForm({
  current,
  saved,
  onSaved,
  canSave,
}: {
  current: SettingsView;
  saved: string | null;
  onSaved: (message: string | null) => void;
  /** directors and administrators: they may save, and so see what a change would move */
  canSave: boolean;
}) {
  const id = useId();
  const [search] = useSearchParams();
  // values handed over in the address (the calibration page's suggested hours), applied once
  const [prefill] = useState(() => prefillDraft(toDraft(current.settings), search));
  const [draft, setDraft] = useState<Draft>(prefill.draft);
  const parsed = useMemo(() => fromDraft(draft, current.settings), [draft, current.settings]);
  const changes: Change[] = useMemo(
    () => (parsed.settings ? diffSettings(current.settings, parsed.settings) : []),
    [parsed.settings, current.settings],
  );
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async (after) => {
        // every figure depends on the settings: compute them all again with the new version
        await queryClient.invalidateQueries();
        onSaved(`Saved as version ${after.version}. Figures are now computed with it.`);
      },
    }),
  );
  useEffect(() => {
    if (changes.length > 0) onSaved(null);
  }, [changes.length, onSaved]);
  const errorCount = Object.keys(parsed.errors).length;
  const conflict = save.isError && errorCode(save.error) === 'CONFLICT';

  return (
    <form
      className="card"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed.settings || changes.length === 0) return;
        save.mutate({ settings: parsed.settings, expectedVersion: current.version });
      }}
    >
      <div className="card-header">
        <h2 id={`${id}-title`}>Edit settings</h2>
        <p className="card-description">
          Changes apply to every page once saved. The previous version is kept, and the change is recorded with its old and new values.
        </p>
        {prefill.filled.length > 0 ? (
          <Notice>
            Filled in from the workload calibration: {prefill.filled.join(', ')}. Review the changes below and save to adopt them as a new
            settings version.
          </Notice>
        ) : null}
      </div>
      <div className="s8-form">
        {groupsOf(settingsFields).map(([group, fields]) => (
          <fieldset key={group}>
            <legend>{group}</legend>
            {fields.map((f) => {
              const error = parsed.errors[f.path];
              const inputId = `${id}-${f.path}`;
              return (
                <div className="field" key={f.path}>
                  <label htmlFor={inputId}>{f.label}</label>
                  <input
                    id={inputId}
                    type="number"
                    inputMode="decimal"
                    step={f.kind === 'days' || f.kind === 'count' || f.kind === 'months' ? 1 : 'any'}
                    value={draft.values[f.path] ?? ''}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${inputId}-error` : undefined}
                    onChange={(e) => setDraft({ ...draft, values: { ...draft.values, [f.path]: e.target.value } })}
                  />
                  {error ? (
                    <span id={`${inputId}-error`} className="field-error">
                      {error}
                    </span>
                  ) : null}
                </div>
              );
            })}
            {group === 'Data freshness and imports' ? (
              <div className="field">
                <label htmlFor={`${id}-importSchedule`}>Drop folder import schedule (cron, agency time)</label>
                <input
                  id={`${id}-importSchedule`}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="on arrival"
                  value={draft.importSchedule}
                  aria-invalid={parsed.errors.importSchedule ? true : undefined}
                  aria-describedby={`${id}-importSchedule-help${parsed.errors.importSchedule ? ` ${id}-importSchedule-error` : ''}`}
                  onChange={(e) => setDraft({ ...draft, importSchedule: e.target.value })}
                />
                <span id={`${id}-importSchedule-help`} className="muted">
                  For example “0 2 * * *” imports at 02:00 every day, “30 6 * * 1-5” at 06:30 on weekdays. Empty: each delivery is imported
                  when it arrives.
                </span>
                {parsed.errors.importSchedule ? (
                  <span id={`${id}-importSchedule-error`} className="field-error">
                    {parsed.errors.importSchedule}
                  </span>
                ) : null}
              </div>
            ) : null}
            {group.startsWith('Load bands') && parsed.errors.loadBands ? (
              <span className="field-error" role="alert">
                {parsed.errors.loadBands}
              </span>
            ) : null}
          </fieldset>
        ))}
        <fieldset>
          <legend>Rebalancing: tiers never moved</legend>
          {protectTierOptions.map((t) => (
            <label key={t} className="field-row">
              <input
                type="checkbox"
                checked={draft.protectTiers.includes(t)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    protectTiers: e.target.checked ? [...draft.protectTiers, t].sort() : draft.protectTiers.filter((x) => x !== t),
                  })
                }
              />
              Tier {t}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Calendar</legend>
          <div className="field">
            <label htmlFor={`${id}-timeZone`}>Agency time zone</label>
            <input
              id={`${id}-timeZone`}
              type="text"
              list={`${id}-timeZones`}
              autoComplete="off"
              spellCheck={false}
              value={draft.timeZone}
              aria-invalid={parsed.errors.timeZone ? true : undefined}
              aria-describedby={`${id}-timeZone-help${parsed.errors.timeZone ? ` ${id}-timeZone-error` : ''}`}
              onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
            />
            <datalist id={`${id}-timeZones`}>
              {timeZoneNames.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <span id={`${id}-timeZone-help`} className="muted">
              Decides what “today” is on every page and when a month ends — not the server’s clock.
            </span>
            {parsed.errors.timeZone ? (
              <span id={`${id}-timeZone-error`} className="field-error">
                {parsed.errors.timeZone}
              </span>
            ) : null}
          </div>
        </fieldset>
      </div>

      <div className="card-header" aria-live="polite">
        <h3>Changes to save</h3>
        {errorCount > 0 ? (
          <p className="field-error">
            {formatCount(errorCount)} value{errorCount === 1 ? ' needs' : 's need'} correcting before saving.
          </p>
        ) : changes.length === 0 ? (
          <p className="muted">No changes yet.</p>
        ) : (
          <ul className="s8-changes" data-testid="pending-changes">
            {changes.map((c) => (
              <li key={c.path}>
                {c.label}: <strong>{c.old}</strong> → <strong>{c.new}</strong>
              </li>
            ))}
          </ul>
        )}
      </div>
      {canSave && parsed.settings && changes.length > 0 ? (
        <ChangePreview proposed={parsed.settings} changedPaths={changes.map((c) => c.path)} />
      ) : null}
      {save.isError ? (
        <div className="form-error" role="alert">
          <p>{conflict ? errorMessage(save.error) : `The settings were not saved. ${errorMessage(save.error)}`}</p>
          {conflict ? (
            <button type="button" className="button button-secondary" onClick={() => void queryClient.invalidateQueries()}>
              Load the latest version
            </button>
          ) : null}
        </div>
      ) : null}
      {saved ? <Notice>{saved}</Notice> : null}
      <div className="s8-actions-row">
        <button type="submit" className="button" disabled={save.isPending || changes.length === 0 || errorCount > 0}>
          {save.isPending ? 'Saving…' : `Save as version ${current.version + 1}`}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={save.isPending || (changes.length === 0 && errorCount === 0)}
          onClick={() => {
            setDraft(toDraft(current.settings));
            save.reset();
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  );
}

/** The proposal the person has stopped typing for 400 ms (the preview is not asked for at every keystroke). */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * What the unsaved change would move today: the server computes the figures with the
 * proposal (settings.preview) without saving or keeping anything.
 */
function ChangePreview({ proposed, changedPaths }: { proposed: SettingsView['settings']; changedPaths: string[] }) {
  const id = useId();
  const settled = useSettled(proposed);
  const preview = useQuery({
    ...trpc.settings.preview.queryOptions({ settings: previewInput(settled) }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const names = useMemo(
    () => ({
      teams: new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])),
      staff: new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])),
    }),
    [directory.data],
  );
  const text = preview.data ? previewText(preview.data, names) : null;
  const untouched = notPreviewed(changedPaths);
  const people = (title: string | null, list: NonNullable<typeof text>['newlyOver'], testId: string) =>
    list.length === 0 ? null : (
      <div>
        {title ? (
          <h4>
            {title} ({formatCount(list.length)})
          </h4>
        ) : null}
        <ul className="s8-changes" data-testid={testId}>
          {list.map((p) => (
            <li key={`${p.name}-${p.team ?? ''}`}>
              {p.name}
              {p.team ? <span className="muted"> ({p.team})</span> : null}: {p.before} → <strong>{p.after}</strong>
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <section className="card-header settings-preview" aria-labelledby={`${id}-title`} aria-busy={preview.isFetching || undefined}>
      <h3 id={`${id}-title`}>What this change moves (not saved yet)</h3>
      {preview.isError ? (
        <p className="field-error" role="alert">
          The preview could not be computed: {errorMessage(preview.error)}
        </p>
      ) : !text ? (
        <p className="muted">Computing the figures with the new values…</p>
      ) : (
        <div data-testid="settings-preview">
          <p className="muted small">
            Figures as of {preview.data ? formatDate(preview.data.asOf) : ''}, computed with the values above; the saved version stays in
            force until you save.
            {preview.isFetching ? ' Updating…' : ''}
          </p>
          <ul className="s8-changes" data-testid="preview-agency">
            {text.agency.map((l) => (
              <li key={l.label}>
                {l.label}:{' '}
                {l.moves ? (
                  <>
                    {l.before} → <strong>{l.after}</strong>
                  </>
                ) : (
                  <>{l.before}, unchanged</>
                )}
              </li>
            ))}
          </ul>
          {text.teams.length > 0 ? (
            <div>
              <h4>Teams changing band ({formatCount(text.teams.length)})</h4>
              <ul className="s8-changes" data-testid="preview-teams">
                {text.teams.map((l) => (
                  <li key={l.label}>
                    {l.label}: {l.before} → <strong>{l.after}</strong>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>No team changes band.</p>
          )}
          {people('Newly over capacity', text.newlyOver, 'preview-newly-over')}
          {people('No longer over capacity', text.noLongerOver, 'preview-no-longer-over')}
          {text.otherMoves.length > 0 ? (
            <details className="s8-changes-more">
              <summary>
                Other members changing band ({formatCount(text.otherMoves.length)}): within under capacity and balanced, or within over
                capacity and critical
              </summary>
              {people(null, text.otherMoves, 'preview-other-moves')}
            </details>
          ) : null}
          {text.newlyOver.length + text.noLongerOver.length + text.otherMoves.length === 0 ? <p>No member changes band.</p> : null}
          {untouched.length > 0 ? <p className="muted">Not shown here, also changed by this edit: {untouched.join('; ')}.</p> : null}
        </div>
      )}
    </section>
  );
}

interface HistoryDetails {
  fromVersion?: unknown;
  toVersion?: unknown;
  old?: unknown;
  new?: unknown;
}

function SettingsHistory({ currentVersion }: { currentVersion: number | null }) {
  const id = useId();
  const history = useQuery(trpc.audit.list.queryOptions({ action: 'settings.update', page: 1, pageSize: 50 }));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Version history</h2>
        <p className="card-description">Every saved change, newest first, with its old and new values.</p>
      </div>
      {history.isPending ? (
        <Loading label="Loading the version history…" rows={3} />
      ) : history.isError ? (
        <ErrorState title="The version history could not be loaded" error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.entries.length === 0 ? (
        <EmptyState title="The settings have not been changed since the agency was set up" />
      ) : (
        <>
          <div className="table-toolbar">
            <h3 id={`${id}-table`}>Table: saved changes, newest first</h3>
            <CsvButton
              build={() => settingsHistoryCsv(history.data.entries, currentVersion)}
              of="the settings version history"
              describedBy={`${id}-table`}
            />
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
            <table className="data-table settings-history-table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Saved</th>
                  <th scope="col">By</th>
                  <th scope="col">Changes (old → new)</th>
                </tr>
              </thead>
              <tbody>
                {history.data.entries.map((e) => {
                  const d = e.details as HistoryDetails;
                  const changes = diffSettings(d.old, d.new);
                  return (
                    <tr key={e.auditId}>
                      <th scope="row">
                        {String(d.fromVersion ?? '?')} → {String(d.toVersion ?? '?')}
                      </th>
                      <td>{formatTimestamp(e.at)}</td>
                      <td>{e.actor}</td>
                      <td>
                        {changes.length === 0 ? (
                          <span className="muted">no values changed</span>
                        ) : (
                          <ul className="s8-changes">
                            {changes.map((c) => (
                              <li key={c.path}>
                                {c.label}: {c.old} → {c.new}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {history.data && history.data.total > history.data.entries.length ? (
        <p className="muted small">
          Showing the latest {formatCount(history.data.entries.length)} of {formatCount(history.data.total)} changes; the full record is in
          the audit log.
        </p>
      ) : null}
    </section>
  );
}
