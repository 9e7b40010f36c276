/**
 * Plans of correction (metrics.md "Caseload standards"): opened, edited and closed by
 * a director, each change audited with its old and new values. The rule must be one of
 * the agency's standards and the period one of the rule's (a month or a quarter).
 * No clock: the caller gives today (the agency's date) and now.
 */
import { type Database, findPlan, insertPlan, listPlans, type PlanOfCorrection, updatePlan, writeAudit } from '@caseload/db';
import { isDateString } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import type { Actor } from './users.ts';
import { standard9Settings } from './caseload.ts';

export type { PlanOfCorrection };

export const PLAN_AUDIT = { open: 'plan.open', update: 'plan.update', close: 'plan.close' } as const;

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const QUARTER = /^[0-9]{4}-Q[1-4]$/;

function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

function requireText(value: string, name: string, max: number): string {
  const t = value.trim();
  if (t.length === 0) throw new ServiceError('BAD_REQUEST', `Write the ${name}.`);
  if (t.length > max) throw new ServiceError('BAD_REQUEST', `The ${name} is at most ${max} characters (got ${t.length}).`);
  return t;
}

export async function plansOfCorrection(db: Kysely<Database>, agencyId: string): Promise<PlanOfCorrection[]> {
  return listPlans(db, agencyId);
}

async function requirePlan(db: Kysely<Database>, agencyId: string, planId: string): Promise<PlanOfCorrection> {
  const plan = await findPlan(db, agencyId, planId);
  if (!plan) throw new ServiceError('NOT_FOUND', `There is no plan of correction ${planId}.`);
  return plan;
}

export async function openPlan(
  db: Kysely<Database>,
  agencyId: string,
  input: { ruleId: string; period: string; owner: string; actions: string; dueOn: string },
  actor: Actor,
  today: string,
  now: Date,
): Promise<PlanOfCorrection> {
  const { settings } = await standard9Settings(db, agencyId);
  const rule = settings.caseloadStandards.find((r) => r.id === input.ruleId);
  if (!rule) throw new ServiceError('BAD_REQUEST', `There is no caseload standard ${input.ruleId} in the settings.`);
  const shape = rule.period === 'month' ? MONTH : QUARTER;
  if (!shape.test(input.period)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `Standard ${rule.id} is ${rule.period === 'month' ? 'monthly: a period is written YYYY-MM' : 'quarterly: a period is written YYYY-Qn'} (got "${input.period}").`,
    );
  }
  const dueOn = requireDate(input.dueOn, 'The due date');
  if (dueOn < today) throw new ServiceError('BAD_REQUEST', `The due date ${dueOn} is before today (${today}).`);
  const existing = (await listPlans(db, agencyId)).find((p) => p.ruleId === rule.id && p.period === input.period && p.status === 'open');
  if (existing)
    throw new ServiceError('CONFLICT', `Plan ${existing.planId} is already open for ${rule.id} ${input.period}; edit it instead.`);
  const plan = await db.transaction().execute(async (tx) => {
    const created = await insertPlan(tx, agencyId, {
      ruleId: rule.id,
      period: input.period,
      openedOn: today,
      owner: requireText(input.owner, 'owner', 200),
      actions: requireText(input.actions, 'actions', 4000),
      dueOn,
      createdBy: actor.actor,
    });
    await writeAudit(tx, {
      agencyId,
      userId: actor.userId,
      actor: actor.actor,
      action: PLAN_AUDIT.open,
      details: { planId: created.planId, new: created },
      at: now,
    });
    return created;
  });
  return plan;
}

export async function editPlan(
  db: Kysely<Database>,
  agencyId: string,
  input: { planId: string; owner?: string | undefined; actions?: string | undefined; dueOn?: string | undefined },
  actor: Actor,
  now: Date,
): Promise<PlanOfCorrection> {
  const before = await requirePlan(db, agencyId, input.planId);
  if (before.status === 'closed') throw new ServiceError('BAD_REQUEST', `Plan ${before.planId} is closed; open a new plan instead.`);
  const change = {
    ...(input.owner !== undefined ? { owner: requireText(input.owner, 'owner', 200) } : {}),
    ...(input.actions !== undefined ? { actions: requireText(input.actions, 'actions', 4000) } : {}),
    ...(input.dueOn !== undefined ? { dueOn: requireDate(input.dueOn, 'The due date') } : {}),
  };
  if (change.dueOn !== undefined && change.dueOn < before.openedOn) {
    throw new ServiceError('BAD_REQUEST', `The due date ${change.dueOn} is before the plan was opened (${before.openedOn}).`);
  }
  return db.transaction().execute(async (tx) => {
    const after = await updatePlan(tx, agencyId, before.planId, change, now);
    await writeAudit(tx, {
      agencyId,
      userId: actor.userId,
      actor: actor.actor,
      action: PLAN_AUDIT.update,
      details: { planId: before.planId, old: before, new: after },
      at: now,
    });
    return after;
  });
}

export async function closePlan(
  db: Kysely<Database>,
  agencyId: string,
  input: { planId: string; closingNote: string },
  actor: Actor,
  today: string,
  now: Date,
): Promise<PlanOfCorrection> {
  const before = await requirePlan(db, agencyId, input.planId);
  if (before.status === 'closed') throw new ServiceError('BAD_REQUEST', `Plan ${before.planId} was closed on ${before.closedOn}.`);
  const closingNote = requireText(input.closingNote, 'closing note', 4000);
  return db.transaction().execute(async (tx) => {
    const after = await updatePlan(
      tx,
      agencyId,
      before.planId,
      { status: 'closed', closedOn: today < before.openedOn ? before.openedOn : today, closingNote },
      now,
    );
    await writeAudit(tx, {
      agencyId,
      userId: actor.userId,
      actor: actor.actor,
      action: PLAN_AUDIT.close,
      details: { planId: before.planId, old: before, new: after },
      at: now,
    });
    return after;
  });
}
