/**
 * Standard 8 (evaluation and quality assurance) procedures. The reports go to agency
 * roles, program managers (their programs), supervisors (their teams) and the board
 * (suppressed: small cells withheld, no staff rows); never to a case manager.
 */
import { type CorrectiveActionRow, listCorrectiveActions } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { Scope } from '../access.ts';
import { dateSchema, idSchema } from '../schemas.ts';
import {
  feedbackReport,
  outcomesReport,
  providersReport,
  qaReport,
  type Standard8Filter,
  surveyComments,
} from '../services/standard8/index.ts';
import { reportFilter } from '../shaping/reports.ts';
import { periodFilter } from '../shaping/scope.ts';
import type { Context } from '../trpc.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';
import { commentsInput, periodInput } from './reportInput.ts';

const STANDARD8_REPORT_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'board'] as const;

type PeriodInput = z.infer<typeof periodInput>;

/** The service filter for the caller: their scope, and suppression for the board. */
async function standard8Filter(ctx: Context & { scope: Scope }, input: PeriodInput): Promise<Standard8Filter> {
  const scoped = await periodFilter(ctx.db, ctx.scope, input);
  return { from: input.from, to: input.to, ...scoped, suppress: ctx.scope.kind === 'board' };
}

const reportProcedure = access({ roles: STANDARD8_REPORT_ROLES }).input(periodInput);

export const feedbackRouter = {
  /** Client feedback over [from, to]: response rate, per-item n, mean, top-2 share and distribution, by group. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'feedback.report', { scope: ctx.scope, input }, async () =>
      feedbackReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),

  /**
   * Free-text survey comments received in the period, newest first (text, date,
   * program; no ids). Comments are written by clients and may name people, so each
   * page read is audited like a client-level list (list 'feedback.comments').
   */
  comments: access({ roles: ['admin', 'director', 'program_manager'] })
    .input(commentsInput)
    .query(async ({ ctx, input }) => {
      const { programIds } = await periodFilter(ctx.db, ctx.scope, { programId: input.programId, to: input.to });
      // the page is kept per data version; every view of it is still audited
      const page = await keptView(ctx.db, ctx.caller.agencyId, 'feedback.comments', { programIds, input }, () =>
        surveyComments(ctx.db, ctx.caller.agencyId, {
          from: input.from,
          to: input.to,
          programIds,
          search: input.search || null,
          limit: input.limit,
          offset: input.offset,
        }),
      );
      await ctx.auditClientListView({
        list: 'feedback.comments',
        filters: { from: input.from, to: input.to, programIds, search: input.search || null, offset: input.offset, limit: input.limit },
        clientCount: page.comments.length,
      });
      return page;
    }),
} satisfies TRPCRouterRecord;

export const outcomesRouter = {
  /** Goal attainment, functional change, time to service and closures over [from, to]. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'outcomes.report', { scope: ctx.scope, input }, async () =>
      outcomesReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),
} satisfies TRPCRouterRecord;

export const providersRouter = {
  /** Referrals, time to start and q6 satisfaction per contracted provider over [from, to]. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'providers.report', { scope: ctx.scope, input }, async () =>
      providersReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),
} satisfies TRPCRouterRecord;

const actionsInput = z
  .strictObject({
    asOf: dateSchema.optional(),
    status: z.enum(['open', 'overdue', 'all'], { error: 'status is "open", "overdue" or "all".' }).default('open'),
    /** a period's page: actions from reviews on or after this day, and older ones still open */
    from: dateSchema.optional(),
    programId: idSchema.optional(),
    teamId: idSchema.optional(),
  })
  .default({ status: 'open' });

export interface CorrectiveActions {
  asOf: string;
  status: 'open' | 'overdue' | 'all';
  actions: CorrectiveActionRow[];
}

export const qaRouter = {
  /** Quality reviews over [from, to] (n, mean score, pass rate) and corrective actions as of `to`. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'qa.report', { scope: ctx.scope, input }, async () =>
      qaReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),

  /**
   * Corrective actions from quality reviews, each from review to closure: open (the
   * default), overdue, or all, as of a date. Each row names the reviewed case manager
   * and client, so the list is audited as a client-level list.
   */
  actions: access({ roles: ['admin', 'director', 'program_manager', 'supervisor'] })
    .input(actionsInput)
    .query(async ({ ctx, input }): Promise<CorrectiveActions> => {
      const filter = await reportFilter(ctx.db, ctx.scope, input, await ctx.today());
      // the answer is kept per data version; every view of it is still audited
      const answer = await keptView(
        ctx.db,
        ctx.caller.agencyId,
        'qa.actions',
        { filter, status: input.status, from: input.from ?? null },
        async () => {
          const actions = await listCorrectiveActions(ctx.db, ctx.caller.agencyId, {
            asOf: filter.asOf,
            status: input.status,
            from: input.from ?? null,
            programIds: filter.programIds,
            teamIds: filter.teamIds,
          });
          return { asOf: filter.asOf, status: input.status, actions };
        },
      );
      await ctx.auditClientListView({
        list: 'qa.actions',
        filters: {
          asOf: filter.asOf,
          from: input.from ?? null,
          status: input.status,
          teamIds: filter.teamIds,
          programIds: filter.programIds,
        },
        clientCount: new Set(answer.actions.map((a) => a.clientId)).size,
      });
      return answer;
    }),
} satisfies TRPCRouterRecord;
