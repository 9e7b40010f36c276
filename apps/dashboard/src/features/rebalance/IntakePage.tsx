/**
 * Intake routing: for a new client (program, expected tier, language, region), the
 * eligible case managers ranked by their load after taking the client. The request
 * lives in the address, so a routing decision can be shared and checked later.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { BandBadge } from '../../components/BandLegend.tsx';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatCount, formatDate, formatPercent } from '../../lib/format.ts';
import { type TierKey, tierKeys, tierLabels } from '../../lib/report.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { parseFilters } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import '../../components/workspace.css';
import { intakeCsv, mapIntake } from './mapIntake.ts';

function parseTier(value: string | null): TierKey | null {
  return tierKeys.find((k) => k === value) ?? null;
}

export function IntakePage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const formId = useId();
  const resultId = useId();
  const tier = parseTier(search.get('tier'));
  const language = (search.get('language') ?? '').slice(0, 100);
  const region = (search.get('region') ?? '').slice(0, 100);

  const directory = useQuery(trpc.meta.directory.queryOptions());
  const programs = directory.data?.programs ?? [];
  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));

  const [draft, setDraft] = useState({
    program: filters.programId ?? '',
    tier: tier ?? '',
    language,
    region,
    team: filters.teamId ?? '',
  });
  useEffect(() => {
    setDraft({ program: filters.programId ?? '', tier: tier ?? '', language, region, team: filters.teamId ?? '' });
  }, [filters.programId, tier, language, region, filters.teamId]);
  const [formProblem, setFormProblem] = useState<string | null>(null);

  const ready = filters.programId !== undefined && tier !== null;
  const ranking = useQuery({
    ...trpc.intake.rank.queryOptions({
      programId: filters.programId ?? '',
      expectedTier: tier ?? 'unassessed',
      language: language || undefined,
      region: region || undefined,
      teamId: filters.teamId,
      asOf: filters.asOf,
    }),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const view = useMemo(
    () => (ranking.data ? mapIntake(ranking.data, { staffLabel: (id) => staffNames.get(id) ?? id, teamNames }) : null),
    [ranking.data, staffNames, teamNames],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.program || !draft.tier) {
      setFormProblem('Choose the program and the expected tier.');
      return;
    }
    setFormProblem(null);
    setParams({
      program: draft.program,
      tier: draft.tier,
      language: draft.language.trim() || null,
      region: draft.region.trim() || null,
      team: draft.team || null,
    });
  };

  return (
    <>
      <PageHeader title="Intake routing">
        <p>
          Who can best take a new client: eligible case managers by their load after taking the client
          {view ? (
            <>
              {' '}
              · as of <strong>{formatDate(view.asOf)}</strong> · settings version {view.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      <section className="card" aria-labelledby={formId}>
        <h2 id={formId}>The new client</h2>
        <form className="intake-form" onSubmit={submit} aria-labelledby={formId} noValidate>
          <div className="field">
            <label htmlFor={`${formId}-program`}>Program (required)</label>
            <select
              id={`${formId}-program`}
              value={draft.program}
              required
              onChange={(e) => setDraft({ ...draft, program: e.target.value })}
            >
              <option value="">Choose a program</option>
              {programs.map((p) => (
                <option key={p.programId} value={p.programId}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${formId}-tier`}>Expected tier (required)</label>
            <select id={`${formId}-tier`} value={draft.tier} required onChange={(e) => setDraft({ ...draft, tier: e.target.value })}>
              <option value="">Choose a tier</option>
              {tierKeys.map((k) => (
                <option key={k} value={k}>
                  {tierLabels[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${formId}-language`}>Primary language</label>
            <input
              id={`${formId}-language`}
              type="text"
              maxLength={100}
              placeholder="e.g. es (blank: any)"
              value={draft.language}
              onChange={(e) => setDraft({ ...draft, language: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${formId}-region`}>Region</label>
            <input
              id={`${formId}-region`}
              type="text"
              maxLength={100}
              placeholder="blank: any"
              value={draft.region}
              onChange={(e) => setDraft({ ...draft, region: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${formId}-team`}>Team</label>
            <select id={`${formId}-team`} value={draft.team} onChange={(e) => setDraft({ ...draft, team: e.target.value })}>
              <option value="">{me.role === 'supervisor' ? 'All my teams' : 'All teams'}</option>
              {teamOptions.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Rank case managers
          </button>
          <Updating active={ranking.isFetching && ranking.isPlaceholderData} />
        </form>
        {formProblem ? (
          <p className="field-error" role="alert">
            {formProblem}
          </p>
        ) : null}
      </section>

      {!ready ? (
        <EmptyState title="Describe the new client to see who can take them">
          <p>Choose a program and an expected tier, then “Rank case managers”.</p>
        </EmptyState>
      ) : ranking.isPending ? (
        <Loading label="Ranking case managers…" rows={5} />
      ) : ranking.isError ? (
        <ErrorState title="The ranking could not be made" error={ranking.error} onRetry={() => void ranking.refetch()} />
      ) : view && tier && filters.programId ? (
        <section className="card" aria-labelledby={resultId}>
          <div className="table-toolbar">
            <h2 id={resultId}>Eligible case managers, best fit first</h2>
            {view.rows.length > 0 ? (
              <CsvButton
                build={() => intakeCsv(view, { program: filters.programId, tier, language, region, team: filters.teamId })}
                of="the intake ranking"
                describedBy={resultId}
              />
            ) : null}
          </div>
          <p className="situation-text">{view.summary}</p>
          <p className="card-description">
            Eligible: caseload staff who speak the client’s language (when given and not English) and serve their region (when both are
            known). A suggestion, not an assignment: record the assignment in the system of record.
          </p>
          {view.rows.length === 0 ? null : (
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table" aria-labelledby={resultId}>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Rank
                    </th>
                    <th scope="col">Case manager</th>
                    <th scope="col">Team</th>
                    <th scope="col" className="num">
                      Clients now
                    </th>
                    <th scope="col" className="num">
                      Load now → with the client
                    </th>
                    <th scope="col">Band after</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((r) => (
                    <tr key={r.staffId}>
                      <td className="num">{r.rank}</td>
                      <th scope="row">{r.label}</th>
                      <td className="nowrap">{r.teamName}</td>
                      <td className="num">{formatCount(r.clients)}</td>
                      <td className="num">
                        {formatPercent(r.loadRatioBefore)} → <strong>{formatPercent(r.loadRatioAfter)}</strong>
                      </td>
                      <td>
                        <BandBadge band={r.bandAfter} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.ineligible.length > 0 ? (
            <details>
              <summary>{formatCount(view.ineligible.length)} not eligible, and why</summary>
              <ul>
                {view.ineligible.map((i) => (
                  <li key={i.staffId}>
                    {i.label} ({i.teamName}): {i.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
