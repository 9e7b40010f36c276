/**
 * Caseload standards and plans of correction (Standard 9; metrics.md "Caseload
 * standards"): each rule's last four periods against its limit, who was over it, the
 * rules due a plan of correction, and the plans. A director opens, edits and closes
 * plans (each change audited); administrators read them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { CONSECUTIVE_LOOKBACK } from '@caseload/metrics';
import { STANDARD_KIND_LABEL, standardPeriodText, standardRuleText, standardValueText } from '@caseload/report';
import { Fragment, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { errorMessage, queryClient, type RouterOutputs, trpc } from '../../trpc.ts';
import '../../components/standards.css';

type Summary = RouterOutputs['standards']['summary'];
type Plan = Summary['plans'][number];

export function StandardsPage({ me }: { me: Me }) {
  const summary = useQuery(trpc.standards.summary.queryOptions());
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const staffName = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const teamName = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const [opening, setOpening] = useState<{ ruleId: string; period: string } | null>(null);
  const director = me.role === 'director';
  return (
    <>
      <PageHeader title="Caseload standards and plans of correction">
        <p>
          Standard 9 (caseload): the ratios the agency is held to, checked each month or quarter on its last day
          {summary.data ? (
            <>
              , up to <strong>{formatDate(summary.data.asOf)}</strong> (the current period runs to that day)
            </>
          ) : null}
          .
        </p>
      </PageHeader>
      <StandardsHelp />
      {summary.isPending ? (
        <Loading label="Checking the standards…" rows={4} />
      ) : summary.isError ? (
        <ErrorState title="The standards could not be checked" error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.rules.length === 0 ? (
        <EmptyState title="No caseload standards are set">
          <p>
            Directors and administrators set them on the <Link to="/settings">settings page</Link>, starting from a preset (California
            regional centers, Washington AAAs, Massachusetts home care).
          </p>
        </EmptyState>
      ) : (
        <>
          {summary.data.sentences.map((s) => (
            <Notice key={s}>{s}</Notice>
          ))}
          {summary.data.needingPlan.map((n) => {
            const rule = summary.data.rules.find((r) => r.id === n.ruleId);
            return (
              <div className="notice std-needs-plan" role="status" key={n.ruleId} data-testid="needs-plan">
                <p>
                  <strong>{rule?.label ?? n.ruleId}</strong> was missed {n.consecutiveMisses} periods in a row up to{' '}
                  {standardPeriodText(n.period)}: a plan of correction is due and none has been written.
                </p>
                {director ? (
                  <button type="button" className="button" onClick={() => setOpening({ ruleId: n.ruleId, period: n.period })}>
                    Open a plan of correction
                  </button>
                ) : (
                  <p className="muted small">A director opens the plan.</p>
                )}
              </div>
            );
          })}
          {opening && director ? <OpenPlanForm summary={summary.data} initial={opening} onDone={() => setOpening(null)} /> : null}
          {summary.data.report.standards.map((s) => {
            const needsPlan = new Set(summary.data.needingPlan.map((n) => n.ruleId));
            const rule = summary.data.rules.find((r) => r.id === s.id);
            return (
              <section className="card" key={s.id} aria-labelledby={`std-${s.id}`} data-testid={`standard-${s.id}`}>
                <div className="card-header">
                  <h2 id={`std-${s.id}`}>{s.label}</h2>
                  <p className="card-description">
                    {STANDARD_KIND_LABEL[s.kind]}, {rule?.period === 'quarter' ? 'quarterly' : 'monthly'}:{' '}
                    {standardRuleText({ kind: s.kind, limit: s.limit, maxDays: rule?.maxDays ?? null })}
                    {rule && rule.programs.length > 0 ? `; programs ${rule.programs.join(', ')}` : ''}
                    {rule && (rule.ageMin ?? null) !== null ? `; age ${rule.ageMin} or more` : ''}
                    {rule && (rule.ageMax ?? null) !== null ? `; age ${rule.ageMax} or less` : ''}
                    {rule?.teamId ? `; team ${teamName.get(rule.teamId) ?? rule.teamId}` : ''}. A plan of correction is due after{' '}
                    {rule?.correctionAfter ?? 2} misses in a row.
                  </p>
                </div>
                <div className="table-scroll" tabIndex={0} role="region" aria-label={`${s.label}: last periods`}>
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">Period</th>
                        <th scope="col">Checked on</th>
                        <th scope="col">Value</th>
                        <th scope="col">Met?</th>
                        <th scope="col">Misses in a row</th>
                        <th scope="col">Over the limit</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.periods.map((p, i) => (
                        <tr key={p.period}>
                          <th scope="row">{standardPeriodText(p.period)}</th>
                          <td>{formatDate(p.end)}</td>
                          <td className="num">{standardValueText(s.kind, p.value)}</td>
                          <td>{p.missed ? <strong>Missed</strong> : 'Met'}</td>
                          <td className="num">
                            {/* the count looks back at most CONSECUTIVE_LOOKBACK periods: at the cap the run may be longer */}
                            {p.consecutiveMisses >= CONSECUTIVE_LOOKBACK ? `${p.consecutiveMisses} or more` : p.consecutiveMisses}
                            {correctionNote(
                              p.correctionDue,
                              s.periods.slice(i).every((q) => q.missed),
                              needsPlan.has(s.id),
                            )}
                          </td>
                          <td>
                            {p.over.length === 0
                              ? s.kind === 'individual_max' || s.kind === 'supervisor_span'
                                ? 'nobody'
                                : '—'
                              : p.over
                                  .map((o) =>
                                    o.staffId !== undefined
                                      ? `${staffName.get(o.staffId) ?? o.staffId} (${o.value} days)`
                                      : `${teamName.get(o.teamId ?? '') ?? o.teamId} (${o.value} staff)`,
                                  )
                                  .join(', ')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            );
          })}
          <PlansTable
            summary={summary.data}
            director={director}
            onOpen={() => setOpening({ ruleId: summary.data.rules[0]?.id ?? '', period: '' })}
          />
        </>
      )}
    </>
  );
}

function StandardsHelp() {
  return (
    <details className="card std-help">
      <summary>How standards are checked, and which standard numbers these pages use</summary>
      <ul>
        <li>
          <strong>Average clients per caseload FTE</strong>: the clients in the standard’s programs and ages held by caseload staff, divided
          by those staff’s FTE (each person’s FTE shared by the part of their caseload in scope). Missed when above the limit; exactly at
          the limit is met.
        </li>
        <li>
          <strong>Individual maximum</strong>: the longest run of days on which one person held more than the limit, counted back before the
          period when it started earlier (at most a year). Missed when longer than the set number of days.
        </li>
        <li>
          <strong>Load ratio</strong>: the agency’s (or a team’s) weighted caseload as a share of capacity on the period’s last day. Missed
          when it reaches the limit.
        </li>
        <li>
          <strong>Supervisor span</strong>: caseload staff in a team other than its supervisor. Missed when a team has more than the limit.
        </li>
      </ul>
      <p>
        These pages and the board report use the numbering of the 1992 NASW Standards for Social Work Case Management that the agencies’
        contracts cite: Standard 8 is evaluation and quality assurance, Standard 9 is caseload. The 2013 NASW edition numbers these 9
        (practice evaluation) and 11 (workload sustainability).
      </p>
    </details>
  );
}

function PlansTable({ summary, director, onOpen }: { summary: Summary; director: boolean; onOpen: () => void }) {
  const [closing, setClosing] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const c = summary.planCounts;
  const label = (ruleId: string) => summary.rules.find((r) => r.id === ruleId)?.label ?? ruleId;
  return (
    <section className="card" aria-labelledby="std-plans" data-testid="plans">
      <div className="card-header">
        <h2 id="std-plans">Plans of correction</h2>
        <p className="card-description" data-testid="plan-counts">
          {c.open} open, {c.dueSoon} due within 30 days, {c.overdue} overdue. Every change is recorded in the audit log.
        </p>
        {director ? (
          <button type="button" className="button button-secondary" onClick={onOpen}>
            Open a plan for another standard or period
          </button>
        ) : null}
      </div>
      {summary.plans.length === 0 ? (
        <p className="muted">No plan of correction has been written.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="std-plans">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Standard and period</th>
                <th scope="col">Opened</th>
                <th scope="col">Owner</th>
                <th scope="col">Actions</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {director ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {summary.plans.map((p) => (
                <Fragment key={p.planId}>
                  <tr>
                    <th scope="row">
                      {label(p.ruleId)}, {standardPeriodText(p.period)}
                    </th>
                    <td>{formatDate(p.openedOn)}</td>
                    <td>{p.owner}</td>
                    <td className="std-actions-text">{p.actions}</td>
                    <td>
                      {formatDate(p.dueOn)}
                      {p.status === 'open' && p.dueOn < summary.asOf ? <strong> (overdue)</strong> : null}
                    </td>
                    <td>
                      {p.status === 'open' ? 'Open' : `Closed ${p.closedOn ? formatDate(p.closedOn) : ''}`}
                      {p.closingNote ? <div className="muted small">{p.closingNote}</div> : null}
                    </td>
                    {director ? (
                      <td>
                        {p.status === 'open' ? (
                          closing === p.planId ? (
                            <ClosePlanForm plan={p} onDone={() => setClosing(null)} />
                          ) : (
                            <div className="std-plan-buttons">
                              <button
                                type="button"
                                className="button button-secondary"
                                aria-expanded={editing === p.planId}
                                aria-label={`Edit the plan for ${label(p.ruleId)}, ${standardPeriodText(p.period)}`}
                                onClick={() => setEditing(editing === p.planId ? null : p.planId)}
                              >
                                Edit…
                              </button>
                              <button type="button" className="button button-secondary" onClick={() => setClosing(p.planId)}>
                                Close…
                              </button>
                            </div>
                          )
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                  {director && editing === p.planId && p.status === 'open' ? (
                    <tr>
                      <td colSpan={7}>
                        <EditPlanForm
                          plan={p}
                          title={`${label(p.ruleId)}, ${standardPeriodText(p.period)}`}
                          onDone={() => setEditing(null)}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OpenPlanForm({ summary, initial, onDone }: { summary: Summary; initial: { ruleId: string; period: string }; onDone: () => void }) {
  const id = useId();
  const [ruleId, setRuleId] = useState(initial.ruleId);
  const [period, setPeriod] = useState(initial.period);
  const [owner, setOwner] = useState('');
  const [actions, setActions] = useState('');
  const [dueOn, setDueOn] = useState('');
  const open = useMutation(
    trpc.standards.openPlan.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onDone();
      },
    }),
  );
  const periods =
    summary.report.standards
      .find((s) => s.id === ruleId)
      ?.periods.filter((p) => p.missed)
      .map((p) => p.period) ?? [];
  return (
    <form
      className="card"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate({ ruleId, period, owner, actions, dueOn });
      }}
    >
      <div className="card-header">
        <h2 id={`${id}-title`}>Open a plan of correction</h2>
        <p className="card-description">
          Recorded in the audit log with your name. Write actions, not client or staff details beyond roles.
        </p>
      </div>
      <div className="s8-form std-plan-form">
        <div className="field">
          <label htmlFor={`${id}-rule`}>Standard</label>
          <select id={`${id}-rule`} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
            {summary.rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>Period that triggered it</label>
          <input
            id={`${id}-period`}
            value={period}
            list={`${id}-periods`}
            placeholder="YYYY-MM or YYYY-Qn"
            onChange={(e) => setPeriod(e.target.value)}
          />
          <datalist id={`${id}-periods`}>
            {periods.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        <PlanFields
          id={id}
          owner={owner}
          setOwner={setOwner}
          actions={actions}
          setActions={setActions}
          dueOn={dueOn}
          setDueOn={setDueOn}
          dueMin={summary.asOf}
        />
      </div>
      {open.isError ? (
        <p className="form-error" role="alert">
          The plan was not opened. {errorMessage(open.error)}
        </p>
      ) : null}
      <div className="s8-actions-row">
        <button
          type="submit"
          className="button"
          disabled={open.isPending || !ruleId || !period || !owner.trim() || !actions.trim() || !dueOn}
        >
          {open.isPending ? 'Opening…' : 'Open the plan'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * A director changes an open plan's owner, actions or due date (standards.editPlan,
 * audited with old and new values). Only what changed is sent.
 */
function EditPlanForm({ plan, title, onDone }: { plan: Plan; title: string; onDone: () => void }) {
  const id = useId();
  const [owner, setOwner] = useState(plan.owner);
  const [actions, setActions] = useState(plan.actions);
  const [dueOn, setDueOn] = useState(plan.dueOn);
  const change = {
    ...(owner.trim() !== plan.owner ? { owner: owner.trim() } : {}),
    ...(actions.trim() !== plan.actions ? { actions: actions.trim() } : {}),
    ...(dueOn !== plan.dueOn ? { dueOn } : {}),
  };
  const changed = Object.keys(change).length > 0;
  const edit = useMutation(
    trpc.standards.editPlan.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onDone();
      },
    }),
  );
  return (
    <form
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) edit.mutate({ planId: plan.planId, ...change });
      }}
    >
      <h3 id={`${id}-title`}>Edit the plan: {title}</h3>
      <p className="muted small">The change is recorded in the audit log with the old and new values.</p>
      <div className="s8-form std-plan-form">
        <PlanFields
          id={id}
          owner={owner}
          setOwner={setOwner}
          actions={actions}
          setActions={setActions}
          dueOn={dueOn}
          setDueOn={setDueOn}
          dueMin={plan.openedOn}
        />
      </div>
      {edit.isError ? (
        <p className="form-error" role="alert">
          The plan was not changed. {errorMessage(edit.error)}
        </p>
      ) : null}
      <div className="s8-actions-row">
        <button type="submit" className="button" disabled={edit.isPending || !changed || !owner.trim() || !actions.trim() || !dueOn}>
          {edit.isPending ? 'Saving…' : 'Save the changes'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ClosePlanForm({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const id = useId();
  const [note, setNote] = useState('');
  const close = useMutation(
    trpc.standards.closePlan.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onDone();
      },
    }),
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        close.mutate({ planId: plan.planId, closingNote: note });
      }}
    >
      <label htmlFor={`${id}-note`}>Closing note</label>
      <textarea id={`${id}-note`} value={note} rows={2} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
      {close.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(close.error)}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={close.isPending || !note.trim()}>
        Close the plan
      </button>
    </form>
  );
}

/**
 * What the misses in a row mean for a plan of correction. A period in the run still going
 * (every later period shown missed too) says whether the plan is written; an earlier run
 * only that a plan was due then.
 */
function correctionNote(correctionDue: boolean, inCurrentRun: boolean, noPlanWritten: boolean): string {
  if (!correctionDue) return '';
  if (!inCurrentRun) return ' — a plan was due';
  return noPlanWritten ? ' — plan due, none written' : ' — plan due, written (below)';
}

/** The fields a plan of correction is written with, when it is opened and when it is edited. */
function PlanFields(props: {
  id: string;
  owner: string;
  setOwner: (v: string) => void;
  actions: string;
  setActions: (v: string) => void;
  dueOn: string;
  setDueOn: (v: string) => void;
  /** the earliest due date the form offers */
  dueMin: string;
}) {
  const { id } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <input id={`${id}-owner`} value={props.owner} maxLength={200} onChange={(e) => props.setOwner(e.target.value)} />
      </div>
      <div className="field std-wide">
        <label htmlFor={`${id}-actions`}>Actions</label>
        <textarea id={`${id}-actions`} value={props.actions} maxLength={4000} rows={4} onChange={(e) => props.setActions(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due on</label>
        <input id={`${id}-due`} type="date" value={props.dueOn} min={props.dueMin} onChange={(e) => props.setDueOn(e.target.value)} />
      </div>
    </>
  );
}
