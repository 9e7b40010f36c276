/** Provider procedures. */
import type { TRPCRouterRecord } from '@trpc/server';
import { providersReport } from '../services/providers.ts';
import { keptView } from '../services/cache.ts';
import { reportProcedure, standard8Filter } from './evaluation.ts';

export const providersRouter = {
  /** Referrals, time to start and q6 satisfaction per contracted provider over [from, to]. */
  report: reportProcedure.query(({ ctx, input }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'providers.report', { scope: ctx.scope, input }, async () =>
      providersReport(ctx.db, ctx.caller.agencyId, await standard8Filter(ctx, input)),
    ),
  ),
} satisfies TRPCRouterRecord;
