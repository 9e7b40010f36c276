/** Client feedback procedures: the report, and the survey comments (audited like a client-level list). */
import type { TRPCRouterRecord } from '@trpc/server';
import { surveyComments } from '../services/comments.ts';
import { feedbackReport } from '../services/feedback.ts';
import { periodFilter } from '../shaping/scope.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';
import { commentsInput } from './reportInput.ts';
import { reportProcedure, standard8Filter } from './evaluation.ts';

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
