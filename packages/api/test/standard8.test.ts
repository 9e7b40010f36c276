/**
 * Standard 8 services on both drivers, over a non-trivial generated agency: the SQL
 * per-item counts equal the pure engine's, the services agree with plain SQL counts
 * of the same definitions, read the current settings, suppress for the board, and
 * refuse bad input with a message a person can act on.
 */
import { appendSettingsVersion, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ServiceError } from '../src/errors.ts';
import { surveyComments } from '../src/services/comments.ts';
import { feedbackReport } from '../src/services/feedback.ts';
import { outcomesReport } from '../src/services/outcomes.ts';
import { providersReport } from '../src/services/providers.ts';
import { qaReport } from '../src/services/qa.ts';
import { FIXTURE_FROM, FIXTURE_TO, seedStandard8Agency } from './standard8-fixture.ts';
import { feedbackItemCounts } from '../../db/test/sql-twins.ts';

const X = 'x8';
const period = { from: FIXTURE_FROM, to: FIXTURE_TO };

describe.each(testDrivers())('standard 8 services on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedStandard8Agency(h.db, X, 8);
    // a second agency with other data under the same ids must never leak in
    await seedStandard8Agency(h.db, 'other', 99);
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each([
    ['the whole agency', {}],
    ['one program', { programIds: ['P2'] }],
    ['two programs', { programIds: ['P1', 'P3'] }],
    ['one team', { teamIds: ['TA'] }],
    ['a team and a program', { teamIds: ['TB'], programIds: ['P1'] }],
    ['a single month', { from: '2024-03-01', to: '2024-03-31' }],
    ['nothing', { programIds: [] }],
  ])('SQL per-item counts equal the pure path: %s', async (_label, filter) => {
    const f = { ...period, ...filter };
    const [counts, report] = await Promise.all([feedbackItemCounts(h.db, X, f), feedbackReport(h.db, X, f)]);
    if (!('programIds' in filter && filter.programIds?.length === 0)) expect(report.responses).toBeGreaterThan(0);
    expect(counts.map((c) => c.item)).toEqual(report.items.map((i) => i.item));
    counts.forEach((c, j) => {
      const it = report.items[j];
      expect(it?.n).toBe(c.n);
      expect(it?.distribution).toEqual(c.distribution);
      expect(it?.mean).toBe(c.n === 0 ? null : c.sum / c.n);
      expect(it?.top2).toBe(c.n === 0 ? null : c.top2Count / c.n);
    });
  });

  test('feedback agrees with plain SQL counts of the same definitions', async () => {
    const r = await feedbackReport(h.db, X, period);
    const counts = await sql<{ invitations: number; responded: number; responses: number }>`
      select (select count(*)::int from survey_invitations i where i.agency_id = ${X} and i.sent_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as invitations,
             (select count(*)::int from survey_invitations i where i.agency_id = ${X} and i.sent_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date
                 and exists (select 1 from survey_responses s where s.agency_id = i.agency_id and s.invitation_id = i.invitation_id)) as responded,
             (select count(*)::int from survey_responses s where s.agency_id = ${X} and s.received_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as responses`.execute(
      h.db,
    );
    const c = counts.rows[0];
    expect(c && c.responded).toBeGreaterThan(0);
    expect(r.invitations).toBe(c?.invitations);
    expect(r.respondedInvitations).toBe(c?.responded);
    expect(r.responseRate).toBe((c?.responded ?? 0) / (c?.invitations ?? 1));
    expect(r.responses).toBe(c?.responses);
    const byTeam = await sql<{ team_id: string; n: number }>`
      select st.team_id, count(*)::int as n from survey_responses s
        join staff st on st.agency_id = s.agency_id and st.staff_id = s.staff_id
       where s.agency_id = ${X} and s.received_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date and st.team_id is not null
       group by st.team_id order by st.team_id`.execute(h.db);
    expect(r.byTeam.map((g) => [g.teamId, g.responses])).toEqual(byTeam.rows.map((x) => [x.team_id, x.n]));
    expect(r.monthly.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(r.monthly.reduce((s, m) => s + (m.responses ?? 0), 0)).toBe(r.responses);
    expect(r.settingsVersion).toBe(1);
    expect(r.suppression).toBeNull();
  });

  test('outcomes agree with plain SQL counts', async () => {
    const r = await outcomesReport(h.db, X, period);
    const goals = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from goals where agency_id = ${X} and resolved_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date group by status`.execute(
      h.db,
    );
    const g = Object.fromEntries(goals.rows.map((x) => [x.status, x.n]));
    expect(r.goals.met).toBe(g.met ?? 0);
    expect(r.goals.partiallyMet).toBe(g.partially_met ?? 0);
    expect(r.goals.notMet).toBe(g.not_met ?? 0);
    expect(r.goals.withdrawn).toBe(g.withdrawn ?? 0);
    const closures = await sql<{ reason: string; n: number }>`
      select coalesce(closure_reason, 'unknown') as reason, count(*)::int as n from clients
       where agency_id = ${X} and closed_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date group by 1 order by coalesce(closure_reason, 'unknown') collate "C"`.execute(
      h.db,
    );
    expect(r.closures).toEqual(Object.fromEntries(closures.rows.map((x) => [x.reason, x.n])));
    const tts = await sql<{ n: number; within30: number; pending: number }>`
      select (select count(*)::int from referrals where agency_id = ${X} and started_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as n,
             (select count(*)::int from referrals where agency_id = ${X} and started_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date
                 and started_on - referred_on <= 30) as within30,
             (select count(*)::int from referrals where agency_id = ${X} and referred_on <= ${FIXTURE_TO}::date - 30
                 and (started_on is null or started_on > ${FIXTURE_TO}::date)) as pending`.execute(h.db);
    expect(r.timeToService).toMatchObject({ n: tts.rows[0]?.n, within30: tts.rows[0]?.within30, pendingOver30: tts.rows[0]?.pending });
    // functional change: pairs by SQL window over (assessed_on, assessment_id collate "C")
    const fn = await sql<{ improved: number; maintained: number; declined: number }>`
      with ordered as (
        select client_id, assessed_on, adl_deficits,
               lag(adl_deficits) over w as prev_adl, lag(assessment_id) over w as prev_id
          from assessments where agency_id = ${X} and assessed_on <= ${FIXTURE_TO}::date
        window w as (partition by client_id order by assessed_on, assessment_id collate "C"))
      select count(*) filter (where adl_deficits < prev_adl)::int as improved,
             count(*) filter (where adl_deficits = prev_adl)::int as maintained,
             count(*) filter (where adl_deficits > prev_adl)::int as declined
        from ordered where assessed_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date and prev_id is not null`.execute(h.db);
    expect(r.functional).toMatchObject(fn.rows[0] ?? {});
    expect((r.functional.improved ?? 0) + (r.functional.maintained ?? 0) + (r.functional.declined ?? 0)).toBeGreaterThan(0);
  });

  test('providers agree with plain SQL counts', async () => {
    const r = await providersReport(h.db, X, period);
    expect(r.providers.map((p) => p.providerId)).toEqual(['V1', 'V2', 'V3', 'V4']);
    const made = await sql<{ provider_id: string; made: number; started: number; q6n: number }>`
      select p.provider_id,
             (select count(*)::int from referrals f where f.agency_id = p.agency_id and f.provider_id = p.provider_id
                 and f.referred_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as made,
             (select count(*)::int from referrals f where f.agency_id = p.agency_id and f.provider_id = p.provider_id
                 and f.started_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as started,
             (select count(q6)::int from survey_responses s where s.agency_id = p.agency_id and s.provider_id = p.provider_id
                 and s.received_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as q6n
        from providers p where p.agency_id = ${X} order by p.provider_id`.execute(h.db);
    expect(r.providers.map((p) => [p.providerId, p.referrals, p.started, p.q6.n])).toEqual(
      made.rows.map((x) => [x.provider_id, x.made, x.started, x.q6n]),
    );
  });

  test('quality reviews use the current settings version and its pass score', async () => {
    const before = await qaReport(h.db, X, period);
    expect(before.settingsVersion).toBe(1);
    expect(before.qaPassScore).toBe(85);
    await appendSettingsVersion(h.db, X, { ...defaultSettings, qaPassScore: 90, minCellSize: 5 }, 'test');
    const after = await qaReport(h.db, X, period);
    expect(after.settingsVersion).toBe(2);
    expect(after.qaPassScore).toBe(90);
    const counts = await sql<{ n: number; passed: number; open: number; overdue: number }>`
      select (select count(*)::int from qa_reviews where agency_id = ${X} and reviewed_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date) as n,
             (select count(*)::int from qa_reviews where agency_id = ${X} and reviewed_on between ${FIXTURE_FROM}::date and ${FIXTURE_TO}::date and score >= 90) as passed,
             (select count(*)::int from qa_reviews where agency_id = ${X} and corrective_action is not null and reviewed_on <= ${FIXTURE_TO}::date
                 and (action_closed_on is null or action_closed_on > ${FIXTURE_TO}::date)) as open,
             (select count(*)::int from qa_reviews where agency_id = ${X} and corrective_action is not null and reviewed_on <= ${FIXTURE_TO}::date
                 and (action_closed_on is null or action_closed_on > ${FIXTURE_TO}::date) and action_due_on < ${FIXTURE_TO}::date) as overdue`.execute(
      h.db,
    );
    expect(after.reviews).toMatchObject({ n: counts.rows[0]?.n, passed: counts.rows[0]?.passed });
    expect(after.actions).toMatchObject({ open: counts.rows[0]?.open, overdue: counts.rows[0]?.overdue });
    // the board's view uses the current minimum cell size
    const board = await feedbackReport(h.db, X, { ...period, suppress: true });
    expect(board.suppression?.minCellSize).toBe(5);
    expect(board.settingsVersion).toBe(2);
  });

  test('the board view: no staff rows, small cells withheld and marked, other cells as computed', async () => {
    const full = await feedbackReport(h.db, X, { ...period, teamIds: ['TB'] });
    const board = await feedbackReport(h.db, X, { ...period, teamIds: ['TB'], suppress: true });
    const min = board.suppression?.minCellSize ?? 11;
    expect(full.byStaff.length).toBeGreaterThan(0);
    expect(board.byStaff).toEqual([]);
    expect(board.suppression?.cells).toBeGreaterThan(0);
    board.byProgram.forEach((g, i) => {
      const o = full.byProgram[i];
      expect(g.programId).toBe(o?.programId);
      g.items.forEach((it, j) => {
        const oi = o?.items[j];
        it.distribution.forEach((d, k) => {
          if (d === null) expect(it.suppressed?.[`distribution.${k}`]).toBe(true);
          else {
            expect(d).toBe(oi?.distribution[k]);
            expect(d === 0 || d >= min).toBe(true);
          }
        });
        if (it.mean !== null) expect(it.mean).toBe(oi?.mean);
      });
    });
    for (const reportOf of [outcomesReport, providersReport, qaReport]) {
      const v = await reportOf(h.db, X, { ...period, suppress: true });
      expect(v.suppression?.minCellSize).toBe(min);
    }
  });

  test('survey comments: text, date and program only; search; paging', async () => {
    const all = await surveyComments(h.db, X, { ...period, programIds: null, limit: 500, offset: 0 });
    expect(all.total).toBeGreaterThan(3);
    expect(all.comments).toHaveLength(all.total);
    for (const c of all.comments) expect(Object.keys(c).sort()).toEqual(['comment', 'programId', 'programName', 'receivedOn']);
    const dates = all.comments.map((c) => c.receivedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const found = await surveyComments(h.db, X, { ...period, programIds: null, search: '100%', limit: 500, offset: 0 });
    expect(found.comments.every((c) => c.comment === 'Services 100% on time')).toBe(true);
    expect(found.total).toBe(all.comments.filter((c) => c.comment.includes('100%')).length);
    const page = await surveyComments(h.db, X, { ...period, programIds: null, limit: 2, offset: 1 });
    expect(page.comments).toEqual(all.comments.slice(1, 3));
    const p2 = await surveyComments(h.db, X, { ...period, programIds: ['P2'], limit: 500, offset: 0 });
    expect(p2.comments.every((c) => c.programId === 'P2')).toBe(true);
    expect(p2.total).toBe(all.comments.filter((c) => c.programId === 'P2').length);
  });

  test.each([
    ['a reversed period', { from: '2024-06-30', to: '2024-01-01' }, 'BAD_REQUEST', /"from" \(2024-06-30\) is after "to"/],
    ['an impossible date', { from: '2024-02-30', to: '2024-03-01' }, 'BAD_REQUEST', /"from" must be a date written YYYY-MM-DD/],
    ['a period of more than ten years', { from: '2000-01-01', to: '2024-01-01' }, 'BAD_REQUEST', /too long/],
  ])('%s is refused with a clear message', async (_label, f, code, message) => {
    for (const reportOf of [feedbackReport, outcomesReport, providersReport, qaReport]) {
      const err = await reportOf(h.db, X, f).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).code).toBe(code);
      expect((err as ServiceError).message).toMatch(message);
    }
  });

  test('an unknown agency is not found', async () => {
    const err = await feedbackReport(h.db, 'nope', period).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe('NOT_FOUND');
  });

  test.each([
    [{ limit: 0, offset: 0 }, /"limit" must be a whole number from 1 to 500/],
    [{ limit: 501, offset: 0 }, /"limit"/],
    [{ limit: 10, offset: -1 }, /"offset"/],
    [{ limit: 10, offset: 0, search: 'x'.repeat(201) }, /at most 200 characters/],
  ])('comments refuse %j', async (o, message) => {
    await expect(surveyComments(h.db, X, { ...period, programIds: null, ...o })).rejects.toThrow(message);
  });
});
