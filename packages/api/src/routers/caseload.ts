import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ALL_ROLES } from '../access.ts';
import { dateSchema, idSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { caseloadReport, staffClients, standard9Settings } from '../services/caseload.ts';
import { caseloadTrend } from '../services/trend.ts';
import { reportFilter, shapeCaseload } from '../shaping/reports.ts';
import { periodFilter, staffClientsFilter } from '../shaping/scope.ts';
import { shapeTrend, trendWithClients } from '../shaping/trend.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';
import { reportInput, trendInput } from './reportInput.ts';

/** Roles that may see client-level lists (interfaces.md): never the board. */
export const CLIENT_LIST_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'] as const;

export const caseloadRouter = {
  /**
   * Standard 9 acuity-weighted caseload on a date, shaped for the caller's role, with
   * the settings every role needs to draw it (tier hours, load bands, hours per FTE,
   * the smallest cell shown to the board).
   */
  report: access({ roles: ALL_ROLES })
    .input(reportInput)
    .query(async ({ ctx, input }) => {
      const agencyId = ctx.caller.agencyId;
      const today = await ctx.today();
      return keptView(ctx.db, agencyId, 'caseload.report', { scope: ctx.scope, today, input }, async () => {
        const filter = await reportFilter(ctx.db, ctx.scope, input, today);
        const [report, { settings }] = await Promise.all([caseloadReport(ctx.db, agencyId, filter), standard9Settings(ctx.db, agencyId)]);
        return {
          ...shapeCaseload(report, ctx.scope, settings.minCellSize),
          settings: {
            tierHours: settings.tierHours,
            loadBands: settings.loadBands,
            caseHoursPerFte: settings.caseHoursPerFte,
            minCellSize: settings.minCellSize,
          },
        };
      });
    }),

  /**
   * Monthly loadRatio, contactRate and reassessRate over [from, to]: agency, teams and
   * staff; the board gets agency and team series with small cells withheld; a case
   * manager their own series.
   */
  trend: access({ roles: ALL_ROLES })
    .input(trendInput)
    .query(async ({ ctx, input }) => {
      const agencyId = ctx.caller.agencyId;
      return keptView(ctx.db, agencyId, 'caseload.trend', { scope: ctx.scope, input }, async () => {
        const scoped = await periodFilter(ctx.db, ctx.scope, input);
        const filter = { from: input.from, to: input.to, ...scoped };
        // the board's series withhold small cells: the trend and its client counts from one read
        const [{ trend, clients }, { settings }] = await Promise.all([
          ctx.scope.kind === 'board'
            ? trendWithClients(ctx.db, agencyId, filter)
            : caseloadTrend(ctx.db, agencyId, filter).then((t) => ({ trend: t, clients: null })),
          standard9Settings(ctx.db, agencyId),
        ]);
        const view = shapeTrend(trend, ctx.scope, settings.minCellSize, clients);
        if (input.staffSeries || ctx.scope.kind === 'self') return view;
        return { ...view, months: view.months.map((m) => ({ ...m, staff: [] })) };
      });
    }),

  /**
   * One staff member's clients on a date (ids, tier, last contact, last face-to-face,
   * next reassessment due). A client-level list: audited.
   */
  staffClients: access({ roles: CLIENT_LIST_ROLES })
    .input(z.strictObject({ staffId: idSchema, asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const asOf = input.asOf ?? (await ctx.today());
      const { programIds } = await staffClientsFilter(ctx.db, ctx.scope, input.staffId, asOf);
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, asOf, 'as of');
      const list = await staffClients(ctx.db, ctx.caller.agencyId, { staffId: input.staffId, asOf, programIds });
      await ctx.auditClientListView({
        list: 'caseload.staffClients',
        filters: { staffId: input.staffId, asOf, programIds },
        clientCount: list.clients.length,
      });
      return list;
    }),
} satisfies TRPCRouterRecord;
