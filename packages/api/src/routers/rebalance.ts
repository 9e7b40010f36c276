import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { rebalanceReport } from '../services/rebalance.ts';
import { requireTeamInScope } from '../shaping/scope.ts';
import { access } from '../trpc.ts';

export const rebalanceRouter = {
  /**
   * A proposal to balance one team on a date: client moves from over-capacity members
   * to teammates, with each member's load before and after. Advice only: nothing is
   * changed. It names clients, so it is audited as a client-level list.
   */
  propose: access({ roles: ['admin', 'director', 'supervisor'] })
    .input(z.strictObject({ teamId: idSchema, asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) => {
      await requireTeamInScope(ctx.db, ctx.scope, input.teamId);
      const asOf = input.asOf ?? (await ctx.today());
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, asOf, 'as of');
      const proposal = await rebalanceReport(ctx.db, ctx.caller.agencyId, { teamId: input.teamId, asOf });
      await ctx.auditClientListView({
        list: 'rebalance.propose',
        filters: { teamId: input.teamId, asOf },
        clientCount: proposal.moves.length,
      });
      return proposal;
    }),
} satisfies TRPCRouterRecord;
