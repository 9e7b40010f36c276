/** Outcomes queries: goals, functional assessments, referrals and closures of a period, in scope (evaluationScope.ts). */
import type { GoalStatusValue, OutcomesTallies, ReferralTallies } from '@caseload/metrics';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.ts';
import {
  assertScope,
  clientInScope,
  type Standard8AssessmentRow,
  type Standard8ClosureRow,
  type Standard8GoalRow,
  type Standard8ReferralRow,
  type Standard8Scope,
} from './evaluationScope.ts';

// ---------------------------------------------------------------- outcomes and providers

export async function loadReferrals(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<Standard8ReferralRow[]> {
  return db
    .selectFrom('referrals as f')
    .select([
      'f.referral_id as referralId',
      'f.client_id as clientId',
      'f.provider_id as providerId',
      sql<string>`to_char(f.referred_on, 'YYYY-MM-DD')`.as('referredOn'),
      sql<string | null>`to_char(f.started_on, 'YYYY-MM-DD')`.as('startedOn'),
    ])
    .where('f.agency_id', '=', agencyId)
    .where('f.referred_on', '<=', scope.to)
    .where((eb) => eb.or([eb('f.started_on', 'is', null), eb('f.started_on', '>=', scope.from)]))
    .where(clientInScope(agencyId, scope, 'f.client_id'))
    .orderBy('f.referral_id')
    .execute();
}

export async function loadOutcomesRows(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
): Promise<{
  goals: Standard8GoalRow[];
  assessments: Standard8AssessmentRow[];
  referrals: Standard8ReferralRow[];
  closures: Standard8ClosureRow[];
}> {
  assertScope(scope);
  const [goals, assessments, referrals, closures] = await Promise.all([
    db
      .selectFrom('goals as g')
      .select([
        'g.goal_id as goalId',
        'g.client_id as clientId',
        'g.status as status',
        sql<string | null>`to_char(g.resolved_on, 'YYYY-MM-DD')`.as('resolvedOn'),
      ])
      .where('g.agency_id', '=', agencyId)
      .where('g.resolved_on', '>=', scope.from)
      .where('g.resolved_on', '<=', scope.to)
      .where(clientInScope(agencyId, scope, 'g.client_id'))
      .orderBy('g.goal_id')
      .execute(),
    // assessments in the period (of clients in scope), and each such client's latest before it
    sql<Standard8AssessmentRow>`
      with inside as (
        select a.assessment_id, a.client_id, a.assessed_on, a.adl_deficits
          from assessments a
         where a.agency_id = ${agencyId}
           and a.assessed_on between ${scope.from}::date and ${scope.to}::date
           and ${clientInScope(agencyId, scope, 'a.client_id')}
      ), before as (
        select distinct on (a.client_id) a.assessment_id, a.client_id, a.assessed_on, a.adl_deficits
          from assessments a
         where a.agency_id = ${agencyId}
           and a.assessed_on < ${scope.from}::date
           and a.client_id in (select client_id from inside)
         order by a.client_id, a.assessed_on desc, a.assessment_id collate "C" desc
      )
      select assessment_id as "assessmentId", client_id as "clientId",
             to_char(assessed_on, 'YYYY-MM-DD') as "assessedOn", adl_deficits::int as "adlDeficits"
        from (select * from inside union all select * from before) x
       order by client_id, assessed_on, assessment_id collate "C"`
      .execute(db)
      .then((r) => r.rows),
    loadReferrals(db, agencyId, scope),
    db
      .selectFrom('clients as c')
      .select([
        'c.client_id as clientId',
        sql<string | null>`to_char(c.closed_on, 'YYYY-MM-DD')`.as('closedOn'),
        'c.closure_reason as closureReason',
      ])
      .where('c.agency_id', '=', agencyId)
      .where('c.closed_on', '>=', scope.from)
      .where('c.closed_on', '<=', scope.to)
      .where(clientInScope(agencyId, scope, 'c.client_id'))
      .orderBy('c.client_id')
      .execute(),
  ]);
  return { goals, assessments, referrals, closures };
}

// ---------------------------------------------------------------- tallies (counted by the database)

/**
 * The month of the date expression `d`, as a key to group by: the first of its month
 * (a timestamp without time zone, compared and hashed as a number). Formatted once per
 * group after counting (`monthText`), not once per row; where a day has many rows
 * (goals, pairs, closures) they are counted per day first and the days per month after.
 */
function monthKey(d: RawBuilder<unknown>) {
  return sql`date_trunc('month', (${d})::timestamp)`;
}

/**
 * `perDay` — rows (day, key, n): counts per day and key — summed per month and key, the
 * month written once per group: (month 'YYYY-MM', key, count).
 */
async function monthlyCounts<K extends string>(
  db: Kysely<Database>,
  perDay: RawBuilder<unknown>,
): Promise<Array<{ month: string; key: K; count: number }>> {
  const r = await sql<{ month: string; key: K; count: number }>`
    select ${monthText('x.m')} as month, x.key, x.n::int as count
      from (select ${monthKey(sql`d.day`)} as m, d.key, sum(d.n) as n from (${perDay}) d group by 1, 2) x`.execute(db);
  return r.rows;
}

/** A month key's 'YYYY-MM'. */
function monthText(column: string) {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM')`;
}

/**
 * @caseload/metrics referralTallies over loadReferrals, counted by the database: the
 * referrals in scope made per provider and month, started per provider, month and days
 * to start, and per provider and month the change in the number pending over 30 days
 * on the month's as-of date.
 */
export async function loadReferralTallies(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<ReferralTallies> {
  assertScope(scope);
  const [made, started, pending] = await Promise.all([
    referralsMade(db, agencyId, scope),
    referralsStarted(db, agencyId, scope, true),
    referralsPending(db, agencyId, scope),
  ]);
  return { made, started, pending };
}

/** The referrals loadReferrals reads: made by `to`, not started before `from`, of clients in scope. */
function referralInScope(agencyId: string, scope: Standard8Scope) {
  return sql`f.referred_on <= ${scope.to}::date and (f.started_on is null or f.started_on >= ${scope.from}::date)
    and ${clientInScope(agencyId, scope, 'f.client_id')}`;
}

async function referralsMade(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<ReferralTallies['made']> {
  const made = await sql<{ providerId: string; month: string; count: number }>`
    select x.provider_id as "providerId", ${monthText('x.m')} as month, x.n::int as count
      from (select f.provider_id, ${monthKey(sql`f.referred_on`)} as m, count(*) as n
              from referrals f
             where f.agency_id = ${agencyId} and f.referred_on between ${scope.from}::date and ${scope.to}::date
               and ${referralInScope(agencyId, scope)}
             group by 1, 2) x`.execute(db);
  return made.rows;
}

/**
 * The referrals started per month and days to start, per provider too when `perProvider`
 * (the outcomes report counts them for the agency alone: fewer groups, fewer rows).
 */
async function referralsStarted(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
  perProvider: true,
): Promise<ReferralTallies['started']>;
async function referralsStarted(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
  perProvider: false,
): Promise<OutcomesTallies['referrals']['started']>;
async function referralsStarted(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
  perProvider: boolean,
): Promise<OutcomesTallies['referrals']['started']> {
  const provider = perProvider ? sql`f.provider_id as "providerId",` : sql``;
  const r = await sql<{ providerId?: string; month: string; days: number; count: number }>`
    select ${perProvider ? sql`x."providerId",` : sql``} ${monthText('x.m')} as month, x.days, x.n::int as count
      from (select ${provider} ${monthKey(sql`f.started_on`)} as m, f.started_on - f.referred_on as days, count(*) as n
              from referrals f
             where f.agency_id = ${agencyId}
               and f.started_on between ${scope.from}::date and ${scope.to}::date and ${referralInScope(agencyId, scope)}
             group by ${perProvider ? sql`1, 2, 3` : sql`1, 2`}) x`.execute(db);
  return r.rows;
}

/** Per provider and month, the change in the number of referrals pending over 30 days on the month's as-of date. */
async function referralsPending(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<ReferralTallies['pending']> {
  const inScope = referralInScope(agencyId, scope);
  // pending over 30 days on month m's as-of date (its last day, or `to`) exactly when
  // month(referred_on + 30) ≤ m < month(started_on) (no end when not started by `to`):
  // +1 from the first such month, −1 from the month it started
  const pending = await sql<{ providerId: string; month: string; change: number }>`
      with spans as (
        select f.provider_id, greatest(${monthKey(sql`f.referred_on + 30`)}, ${monthKey(sql`${scope.from}::date`)}) as start_m,
               case when f.started_on <= ${scope.to}::date then ${monthKey(sql`f.started_on`)} end as stop_m
          from referrals f
         where f.agency_id = ${agencyId} and f.referred_on <= ${scope.to}::date - 30 and ${inScope}
           -- implied by the span's test below (a referral started within 30 days never has
           -- its first month before the month it started), on the row's own columns first
           and (f.started_on is null or f.started_on > f.referred_on + 30)
      ), pending as (
        select provider_id, start_m, stop_m from spans where stop_m is null or start_m < stop_m
      )
      select x.provider_id as "providerId", ${monthText('x.m')} as month, x.change::int as change
        from (select provider_id, m, sum(change) as change
                from (select provider_id, start_m as m, 1 as change from pending
                      union all
                      select provider_id, stop_m, -1 from pending where stop_m is not null) c
               group by provider_id, m
              having sum(change) <> 0) x`.execute(db);
  return pending.rows;
}

/**
 * @caseload/metrics outcomesTallies over loadOutcomesRows, counted by the database: goals
 * resolved per month and status, functional pairs per month of the later assessment and
 * change, closures per month and reason, and the referrals started (for the agency, not
 * per provider) and pending (the report counts no referrals made).
 */
export async function loadOutcomesTallies(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<OutcomesTallies> {
  assertScope(scope);
  const [goals, functional, closures, started, pending] = await Promise.all([
    monthlyCounts<GoalStatusValue>(
      db,
      sql`select g.resolved_on as day, g.status as key, count(*) as n
            from goals g
           where g.agency_id = ${agencyId} and g.resolved_on between ${scope.from}::date and ${scope.to}::date
             and ${clientInScope(agencyId, scope, 'g.client_id')}
           group by 1, 2`,
    ),
    // each assessment in the period against the one just before it (the same rows as
    // loadOutcomesRows), as assessment_pairs holds them (migration 20261212T0300): the
    // pairs whose later assessment lies in the period; the scope is a condition on the
    // client, so it holds for both assessments of a pair or for neither
    monthlyCounts<'improved' | 'maintained' | 'declined'>(
      db,
      sql`select p.assessed_on as day,
                 case p.change when -1 then 'improved' when 0 then 'maintained' else 'declined' end as key, count(*) as n
            from assessment_pairs p
           where p.agency_id = ${agencyId} and p.assessed_on between ${scope.from}::date and ${scope.to}::date
             and ${clientInScope(agencyId, scope, 'p.client_id')}
           group by 1, 2`,
    ),
    monthlyCounts<string>(
      db,
      sql`select c.closed_on as day, coalesce(c.closure_reason, 'unknown') as key, count(*) as n
            from clients c
           where c.agency_id = ${agencyId} and c.closed_on between ${scope.from}::date and ${scope.to}::date
             and ${clientInScope(agencyId, scope, 'c.client_id')}
           group by 1, 2`,
    ),
    referralsStarted(db, agencyId, scope, false),
    referralsPending(db, agencyId, scope),
  ]);
  return {
    goals: goals.map((r) => ({ month: r.month, status: r.key, count: r.count })),
    functional: functional.map((r) => ({ month: r.month, change: r.key, count: r.count })),
    closures: closures.map((r) => ({ month: r.month, reason: r.key, count: r.count })),
    referrals: { started, pending },
  };
}
