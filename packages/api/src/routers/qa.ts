/** Quality-review procedures: the report, and the corrective actions (audited like a client-level list). */
import { type CorrectiveActionRow, listCorrectiveActions } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';
import { qaReport } from '../services/qa.ts';
import { reportFilter } from '../shaping/reports.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';
import { reportProcedure, standard8Filter } from './evaluation.ts';

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
