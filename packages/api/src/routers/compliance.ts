import type { TRPCRouterRecord } from '@trpc/server';
import { ALL_ROLES } from '../access.ts';
import { getSettings } from '../services/settings.ts';
import { complianceReport } from '../services/compliance.ts';
import { reportFilter, shapeCompliance } from '../shaping/reports.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';
import { reportInput } from './reportInput.ts';

export const complianceRouter = {
  /** Standard 9 contact and reassessment compliance on a date, shaped for the caller's role. */
  report: access({ roles: ALL_ROLES })
    .input(reportInput)
    .query(async ({ ctx, input }) => {
      const agencyId = ctx.caller.agencyId;
      const today = await ctx.today();
      return keptView(ctx.db, agencyId, 'compliance.report', { scope: ctx.scope, today, input }, async () => {
        const filter = await reportFilter(ctx.db, ctx.scope, input, today);
        const [report, settings] = await Promise.all([complianceReport(ctx.db, agencyId, filter), getSettings(ctx.db, agencyId)]);
        return shapeCompliance(report, ctx.scope, settings.settings.minCellSize);
      });
    }),
} satisfies TRPCRouterRecord;
