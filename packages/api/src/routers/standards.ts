/**
 * Caseload standards (metrics.md): each rule's periods against its limit. Agency roles
 * see who is over; the board sees counts (shaping/standards.ts). Supervisors, program
 * managers and case managers are not given the agency-wide standards here: the members
 * over a limit are staff rows outside their scope.
 */
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { standard9Settings } from '../services/standard9/index.ts';
import { standardsReport } from '../services/standard9/standards.ts';
import { shapeStandards } from '../shaping/standards.ts';
import { access } from '../trpc.ts';

export const STANDARDS_ROLES = ['admin', 'director', 'board'] as const;

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
} satisfies TRPCRouterRecord;
