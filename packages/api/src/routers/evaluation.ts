/**
 * What the evaluation and quality-assurance procedures share (routers feedback.ts,
 * outcomes.ts, providers.ts, qa.ts): who may read the reports and the service filter
 * for the caller. The reports go to agency
 * roles, program managers (their programs), supervisors (their teams) and the board
 * (suppressed: small cells withheld, no staff rows); never to a case manager.
 */
import { type z } from 'zod';
import type { Scope } from '../access.ts';
import { type Standard8Filter } from '../services/evaluation.ts';
import { periodFilter } from '../shaping/scope.ts';
import type { Context } from '../trpc.ts';
import { access } from '../trpc.ts';
import { periodInput } from './reportInput.ts';

const STANDARD8_REPORT_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'board'] as const;

type PeriodInput = z.infer<typeof periodInput>;

/** The service filter for the caller: their scope, and suppression for the board. */
export async function standard8Filter(ctx: Context & { scope: Scope }, input: PeriodInput): Promise<Standard8Filter> {
  const scoped = await periodFilter(ctx.db, ctx.scope, input);
  return { from: input.from, to: input.to, ...scoped, suppress: ctx.scope.kind === 'board' };
}

export const reportProcedure = access({ roles: STANDARD8_REPORT_ROLES }).input(periodInput);
