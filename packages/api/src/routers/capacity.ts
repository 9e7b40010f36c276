import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ServiceError } from '../errors.ts';
import { dateSchema, idSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { calibrationReport, capacityChanges, capacityTimeline, explainLoad } from '../services/capacity.ts';
import { staffClientsFilter } from '../shaping/scope.ts';
import { access } from '../trpc.ts';

/** Roles that see one member's load (staff-level rows): never the board. */
const STAFF_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'] as const;

export const capacityRouter = {
  /**
   * Why a member's load on a date is what it is: clients and hours per tier, workload
   * items, FTE, reductions, capacity, ratio, and a sentence (metrics.md). Same reach as
   * the member's row of the caseload report: a supervisor their teams' members on that
   * date, a case manager themself, a program manager over their programs' clients.
   */
  explain: access({ roles: STAFF_ROLES })
    .input(z.strictObject({ staffId: idSchema, asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const asOf = input.asOf ?? (await ctx.today());
      const { programIds } = await staffClientsFilter(ctx.db, ctx.scope, input.staffId, asOf);
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, asOf, 'as of');
      return explainLoad(ctx.db, ctx.caller.agencyId, { staffId: input.staffId, asOf, programIds });
    }),

  /** A member's FTE, reductions, items and load at the month ends of the last 12 months and the next 3. */
  timeline: access({ roles: STAFF_ROLES })
    .input(z.strictObject({ staffId: idSchema, asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const asOf = input.asOf ?? (await ctx.today());
      await staffClientsFilter(ctx.db, ctx.scope, input.staffId, asOf);
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, asOf, 'as of');
      return capacityTimeline(ctx.db, ctx.caller.agencyId, { staffId: input.staffId, asOf });
    }),

  /** Capacity changes ahead (30 days): a supervisor's worklist for their teams; the whole agency for directors. */
  changes: access({ roles: ['admin', 'director', 'supervisor'] })
    .input(z.strictObject({ asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const asOf = input.asOf ?? (await ctx.today());
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, asOf, 'as of');
      const teamIds = ctx.scope.kind === 'teams' ? ctx.scope.teamIds : ctx.scope.kind === 'agency' ? null : [];
      return capacityChanges(ctx.db, ctx.caller.agencyId, { asOf, teamIds });
    }),

  /** Workload calibration over a period: tier hours against observed contact minutes (directors). */
  calibration: access({ roles: ['admin', 'director'] })
    .input(z.strictObject({ from: dateSchema, to: dateSchema, programId: idSchema.optional() }))
    .query(async ({ ctx, input }) => {
      if (input.to < input.from) throw new ServiceError('BAD_REQUEST', `The period ends (${input.to}) before it starts (${input.from}).`);
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, input.to, 'ending');
      return calibrationReport(ctx.db, ctx.caller.agencyId, {
        from: input.from,
        to: input.to,
        programIds: input.programId ? [input.programId] : null,
      });
    }),
} satisfies TRPCRouterRecord;
