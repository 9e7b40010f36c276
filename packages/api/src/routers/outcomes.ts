/** Outcomes procedures. */
import type { TRPCRouterRecord } from '@trpc/server';
import { outcomesReport } from '../services/outcomes.ts';
import { keptView } from '../services/cache.ts';
import { reportProcedure, standard8Filter } from './evaluation.ts';

export const outcomesRouter = {
  /** Goal attainment, functional change, time to service and closures over [from, to]. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'outcomes.report', { scope: ctx.scope, input }, async () =>
      outcomesReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),
} satisfies TRPCRouterRecord;
