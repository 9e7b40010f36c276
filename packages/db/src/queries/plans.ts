/**
 * Plans of correction (metrics.md "Caseload standards"): the record a director writes
 * when a standard is missed periods running. Every query is scoped by agency_id; the
 * service (packages/api) audits every change.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, DateString, PlanStatus } from '../schema.ts';

export interface PlanOfCorrection {
  planId: string;
  ruleId: string;
  /** the period that triggered it: "YYYY-MM" or "YYYY-Qn" */
  period: string;
  openedOn: DateString;
  owner: string;
  actions: string;
  dueOn: DateString;
  status: PlanStatus;
  closedOn: DateString | null;
  closingNote: string | null;
  createdBy: string;
}

const COLUMNS = [
  'plan_id',
  'rule_id',
  'period',
  'opened_on',
  'owner',
  'actions',
  'due_on',
  'status',
  'closed_on',
  'closing_note',
  'created_by',
] as const;

function toPlan(r: {
  plan_id: string;
  rule_id: string;
  period: string;
  opened_on: DateString;
  owner: string;
  actions: string;
  due_on: DateString;
  status: PlanStatus;
  closed_on: DateString | null;
  closing_note: string | null;
  created_by: string;
}): PlanOfCorrection {
  return {
    planId: String(r.plan_id),
    ruleId: r.rule_id,
    period: r.period,
    openedOn: r.opened_on,
    owner: r.owner,
    actions: r.actions,
    dueOn: r.due_on,
    status: r.status,
    closedOn: r.closed_on,
    closingNote: r.closing_note,
    createdBy: r.created_by,
  };
}

/** Every plan of the agency: open first, then by due date, then by plan id. */
export async function listPlans(db: Kysely<Database>, agencyId: string): Promise<PlanOfCorrection[]> {
  const rows = await db
    .selectFrom('plans_of_correction')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .orderBy(sql`status = 'closed'`)
    .orderBy('due_on')
    .orderBy('plan_id')
    .execute();
  return rows.map(toPlan);
}

export async function findPlan(db: Kysely<Database>, agencyId: string, planId: string): Promise<PlanOfCorrection | undefined> {
  if (!/^[0-9]{1,18}$/.test(planId)) return undefined;
  const row = await db
    .selectFrom('plans_of_correction')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

export async function insertPlan(
  db: Kysely<Database>,
  agencyId: string,
  plan: { ruleId: string; period: string; openedOn: DateString; owner: string; actions: string; dueOn: DateString; createdBy: string },
): Promise<PlanOfCorrection> {
  const row = await db
    .insertInto('plans_of_correction')
    .values({
      agency_id: agencyId,
      rule_id: plan.ruleId,
      period: plan.period,
      opened_on: plan.openedOn,
      owner: plan.owner,
      actions: plan.actions,
      due_on: plan.dueOn,
      created_by: plan.createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toPlan(row);
}

export async function updatePlan(
  db: Kysely<Database>,
  agencyId: string,
  planId: string,
  change: Partial<{
    owner: string;
    actions: string;
    dueOn: DateString;
    status: PlanStatus;
    closedOn: DateString | null;
    closingNote: string | null;
  }>,
  now: Date,
): Promise<PlanOfCorrection> {
  const row = await db
    .updateTable('plans_of_correction')
    .set({
      ...(change.owner !== undefined ? { owner: change.owner } : {}),
      ...(change.actions !== undefined ? { actions: change.actions } : {}),
      ...(change.dueOn !== undefined ? { due_on: change.dueOn } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.closedOn !== undefined ? { closed_on: change.closedOn } : {}),
      ...(change.closingNote !== undefined ? { closing_note: change.closingNote } : {}),
      updated_at: now,
    })
    .where('agency_id', '=', agencyId)
    .where('plan_id', '=', planId)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toPlan(row);
}

/**
 * A digest of the agency's plans of correction and saved staffing scenarios, every
 * column of every row: the board report reads both, and no data or settings version
 * moves when a person edits them, so a board report kept by those versions is also
 * kept by this (apps/server keptAnswers.ts). Any change to any row changes it.
 */
export async function boardInputsFingerprint(db: Kysely<Database>, agencyId: string): Promise<string> {
  const r = await sql<{ fingerprint: string }>`
    select md5(
      coalesce((select string_agg(p::text, '|' order by p.plan_id) from plans_of_correction p where p.agency_id = ${agencyId}), '')
      || '#' ||
      coalesce((select string_agg(f::text, '|' order by f.name) from forecast_scenarios f where f.agency_id = ${agencyId}), '')
    ) as fingerprint
  `.execute(db);
  return r.rows[0]?.fingerprint ?? '';
}
