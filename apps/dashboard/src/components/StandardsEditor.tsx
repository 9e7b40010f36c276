/**
 * Caseload standards on the settings page (directors and administrators): the ratio
 * rules the agency is held to, started from a preset (California regional centers,
 * Washington AAAs, Massachusetts home care) and mapped to the agency's programs.
 * Saving makes a new settings version, audited with old and new values, like every
 * other setting; the rest of the settings document is kept as it is.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type CaseloadStandard, STANDARD_KINDS, STANDARDS_PRESETS, type Settings } from '@caseload/metrics';
import { STANDARD_KIND_LABEL, standardRuleText } from '@caseload/report';
import { useId, useMemo, useState } from 'react';
import { Notice } from './states.tsx';
import { errorCode, errorMessage, queryClient, trpc } from '../trpc.ts';
import { emptyRuleDraft, fieldsOf, fromRuleDrafts, type RuleDraft, sameRules, toRuleDraft } from '../lib/standardsForm.ts';
import './standards.css';

export function StandardsEditor({ current }: { current: { version: number; settings: Settings } }) {
  const id = useId();
  const saved = current.settings.caseloadStandards ?? [];
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => saved.map(toRuleDraft));
  const [presetNote, setPresetNote] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const parsed = useMemo(() => fromRuleDrafts(drafts), [drafts]);
  const changed = parsed.rules !== null ? !sameRules(parsed.rules, saved) : true;
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async (after) => {
        await queryClient.invalidateQueries();
        setDone(`Saved as settings version ${after.version}. Standards are evaluated with it.`);
      },
    }),
  );
  const errorCount = Object.keys(parsed.errors).length;
  const set = (i: number, patch: Partial<RuleDraft>) => {
    setDone(null);
    setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  };

  return (
    <form
      className="card"
      aria-labelledby={`${id}-title`}
      noValidate
      data-testid="standards-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed.rules || !changed) return;
        const rules: CaseloadStandard[] = parsed.rules;
        save.mutate({ settings: { ...current.settings, caseloadStandards: rules }, expectedVersion: current.version });
      }}
    >
      <div className="card-header">
        <h2 id={`${id}-title`}>Caseload standards (Standard 9)</h2>
        <p className="card-description">
          The ratios the agency is held to by statute or contract. Each is checked every month or quarter on the period’s last day; after
          the set number of misses in a row a plan of correction is due (the Standards page).
        </p>
      </div>
      <div className="std-presets" role="group" aria-label="Start from a preset">
        {STANDARDS_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDone(null);
              setDrafts(p.rules.map(toRuleDraft));
              setPresetNote(`${p.label}: ${p.note}`);
            }}
          >
            Use “{p.label}”
          </button>
        ))}
      </div>
      {presetNote ? <Notice>{presetNote} The preset replaces the rules below once you save.</Notice> : null}
      {drafts.length === 0 ? <p className="muted">No caseload standards are set.</p> : null}
      {drafts.map((d, i) => {
        const f = fieldsOf(d.kind);
        const field = (name: keyof RuleDraft, label: string, input: React.ReactNode, help?: string) => {
          const error = parsed.errors[`${i}.${name}`];
          const inputId = `${id}-${i}-${name}`;
          return (
            <div className="field">
              <label htmlFor={inputId}>{label}</label>
              {input}
              {help ? <span className="muted small">{help}</span> : null}
              {error ? (
                <span id={`${inputId}-error`} className="field-error">
                  {error}
                </span>
              ) : null}
            </div>
          );
        };
        const textInput = (name: keyof RuleDraft, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
          <input
            id={`${id}-${i}-${name}`}
            value={d[name]}
            aria-invalid={parsed.errors[`${i}.${name}`] ? true : undefined}
            aria-describedby={parsed.errors[`${i}.${name}`] ? `${id}-${i}-${name}-error` : undefined}
            onChange={(e) => set(i, { [name]: e.target.value })}
            {...props}
          />
        );
        const limit = Number(d.limit);
        return (
          <fieldset key={i} className="std-rule">
            <legend>
              {d.label.trim() || `Standard ${i + 1}`}
              {Number.isFinite(limit) && limit > 0 ? (
                <span className="muted small"> — {standardRuleText({ kind: d.kind, limit, maxDays: Number(d.maxDays) })}</span>
              ) : null}
            </legend>
            <div className="std-rule-fields">
              {field('label', 'Label', textInput('label', { maxLength: 200 }))}
              {field('id', 'Id (plans refer to it)', textInput('id', { maxLength: 64, spellCheck: false }))}
              {field(
                'kind',
                'Kind',
                <select id={`${id}-${i}-kind`} value={d.kind} onChange={(e) => set(i, { kind: e.target.value as RuleDraft['kind'] })}>
                  {STANDARD_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {STANDARD_KIND_LABEL[k]}
                    </option>
                  ))}
                </select>,
              )}
              {field(
                'limit',
                d.kind === 'load_ratio' ? 'Limit (ratio: 1.05 = 105%)' : d.kind === 'individual_max' ? 'Clients per person' : 'Limit',
                textInput('limit', { inputMode: 'decimal' }),
              )}
              {f.maxDays ? field('maxDays', 'For more than (days)', textInput('maxDays', { inputMode: 'numeric' })) : null}
              {field(
                'period',
                'Checked every',
                <select
                  id={`${id}-${i}-period`}
                  value={d.period}
                  onChange={(e) => set(i, { period: e.target.value as RuleDraft['period'] })}
                >
                  <option value="month">month</option>
                  <option value="quarter">quarter</option>
                </select>,
              )}
              {field(
                'correctionAfter',
                'Plan due after misses in a row',
                textInput('correctionAfter', { inputMode: 'numeric', placeholder: '2' }),
              )}
              {f.scope
                ? field(
                    'programs',
                    'Programs (ids; empty: all)',
                    textInput('programs', { spellCheck: false }),
                    (directory.data?.programs ?? []).map((p) => `${p.programId} (${p.name})`).join(', ') || undefined,
                  )
                : null}
              {f.scope ? field('ageMin', 'Age from', textInput('ageMin', { inputMode: 'numeric' })) : null}
              {f.scope
                ? field(
                    'ageMax',
                    'Age to',
                    textInput('ageMax', { inputMode: 'numeric' }),
                    'Age is the year minus the birth year; clients without one are outside an age range.',
                  )
                : null}
              {f.teamId
                ? field(
                    'teamId',
                    'Team (empty: the whole agency)',
                    <select id={`${id}-${i}-teamId`} value={d.teamId} onChange={(e) => set(i, { teamId: e.target.value })}>
                      <option value="">The whole agency</option>
                      {(directory.data?.teams ?? []).map((t) => (
                        <option key={t.teamId} value={t.teamId}>
                          {t.name}
                        </option>
                      ))}
                    </select>,
                  )
                : null}
            </div>
            <button type="button" className="button button-secondary" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
              Remove this standard
            </button>
          </fieldset>
        );
      })}
      <div className="s8-actions-row">
        <button type="button" className="button button-secondary" onClick={() => setDrafts([...drafts, emptyRuleDraft(drafts)])}>
          Add a standard
        </button>
      </div>
      {errorCount > 0 ? (
        <p className="field-error">
          {errorCount} value{errorCount === 1 ? ' needs' : 's need'} correcting before saving.
        </p>
      ) : null}
      {save.isError ? (
        <div className="form-error" role="alert">
          <p>
            {errorCode(save.error) === 'CONFLICT' ? errorMessage(save.error) : `The standards were not saved. ${errorMessage(save.error)}`}
          </p>
        </div>
      ) : null}
      {done ? <Notice>{done}</Notice> : null}
      <div className="s8-actions-row">
        <button type="submit" className="button" disabled={save.isPending || !changed || errorCount > 0}>
          {save.isPending ? 'Saving…' : `Save standards as version ${current.version + 1}`}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={save.isPending || !changed}
          onClick={() => {
            setDrafts(saved.map(toRuleDraft));
            setPresetNote(null);
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  );
}
