/**
 * Caseload standards (metrics.md): each rule's periods against its limit. Agency roles
 * see who is over; the board sees counts (shaping/standards.ts). Supervisors, program
 * managers and case managers are not given the agency-wide standards here: the members
 * over a limit are staff rows outside their scope.
 */
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { standard9Settings } from '../services/caseload.ts';
import { closePlan, editPlan, openPlan, plansOfCorrection } from '../services/plans.ts';
import { standardsReport, standardsSummary } from '../services/standards.ts';
import { shapeStandards } from '../shaping/standards.ts';
import { access } from '../trpc.ts';

const STANDARDS_ROLES = ['admin', 'director', 'board'] as const;

export const standardsRouter = {
  /** Every rule of the agency's setting over the periods of [from, to]. */
  report: access({ roles: STANDARDS_ROLES })
    .input(
      z
        .strictObject({ from: dateSchema, to: dateSchema })
        .refine((i) => i.from <= i.to, { error: '"from" must be on or before "to".', path: ['to'] }),
    )
    .query(async ({ ctx, input }) => {
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, input.to, 'ending');
      const [report, { settings }] = await Promise.all([
        standardsReport(ctx.db, ctx.caller.agencyId, input),
        standard9Settings(ctx.db, ctx.caller.agencyId),
      ]);
      return shapeStandards(report, ctx.scope, settings.minCellSize);
    }),

  /**
   * The standards page and the board report's section: each rule's last four periods
   * against its limit, the plans and their counts. The board gets the counts and the
   * sentences, never the plans themselves (owners and actions may name staff).
   */
  summary: access({ roles: STANDARDS_ROLES })
    .input(z.strictObject({ asOf: dateSchema.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const asOf = input?.asOf ?? (await ctx.today());
      const [summary, { settings }] = await Promise.all([
        standardsSummary(ctx.db, ctx.caller.agencyId, { asOf }),
        standard9Settings(ctx.db, ctx.caller.agencyId),
      ]);
      const report = shapeStandards(summary.report, ctx.scope, settings.minCellSize);
      return { ...summary, report, plans: ctx.scope.kind === 'board' ? [] : summary.plans, audience: report.audience };
    }),

  /** Every plan of correction of the agency (directors and administrators). */
  plans: access({ roles: ['admin', 'director'] }).query(({ ctx }) => plansOfCorrection(ctx.db, ctx.caller.agencyId)),

  /** A director opens a plan of correction for a rule and the period that triggered it; audited. */
  openPlan: access({ roles: ['director'] })
    .input(
      z.strictObject({
        ruleId: idSchema,
        period: z.string().regex(/^[0-9]{4}-([0-9]{2}|Q[1-4])$/, 'A period is written YYYY-MM or YYYY-Qn.'),
        owner: z.string().max(200, 'The owner is at most 200 characters.'),
        actions: z.string().max(4000, 'The actions are at most 4000 characters.'),
        dueOn: dateSchema,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      openPlan(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, await ctx.today(), ctx.now()),
    ),

  /** A director changes an open plan's owner, actions or due date; audited with old and new values. */
  editPlan: access({ roles: ['director'] })
    .input(
      z.strictObject({
        planId: z.string().regex(/^[0-9]{1,18}$/, 'A plan id is a number.'),
        owner: z.string().max(200).optional(),
        actions: z.string().max(4000).optional(),
        dueOn: dateSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      editPlan(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, ctx.now()),
    ),

  /** A director closes a plan with a closing note; audited. */
  closePlan: access({ roles: ['director'] })
    .input(z.strictObject({ planId: z.string().regex(/^[0-9]{1,18}$/, 'A plan id is a number.'), closingNote: z.string().max(4000) }))
    .mutation(async ({ ctx, input }) =>
      closePlan(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, await ctx.today(), ctx.now()),
    ),
} satisfies TRPCRouterRecord;
