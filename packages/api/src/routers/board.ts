/**
 * The board report: the headline figures of Standards 8 and 9 for a period
 * against the previous one, the trend charts' months, the teams and the sentences.
 * Agency roles and the board; small-cell suppression always applies, whoever asks.
 * With the caseload standards section (counts only; never who is over a limit).
 */
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { boardReportWithStandards } from '../services/board/index.ts';
import { boardStaffingNeed, scenarioNameSchema } from '../services/forecast.ts';
import { access } from '../trpc.ts';

const BOARD_REPORT_ROLES = ['admin', 'director', 'board'] as const;

const boardReportInput = z
  .strictObject({ from: dateSchema, to: dateSchema, staffingScenario: scenarioNameSchema.optional() })
  .refine((i) => i.from <= i.to, { error: '"from" must be on or before "to".', path: ['to'] });

export const boardRouter = {
  /**
   * The board report for [from, to] and the previous period of the same length; with
   * `staffingScenario`, the "Staffing need" section from that saved scenario (agency FTE
   * figures only).
   */
  report: access({ roles: BOARD_REPORT_ROLES })
    .input(boardReportInput)
    .query(async ({ ctx, input }) => {
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, input.to, 'ending');
      const report = await boardReportWithStandards(ctx.db, ctx.caller.agencyId, { from: input.from, to: input.to });
      if (!input.staffingScenario) return report;
      const staffingNeed = await boardStaffingNeed(ctx.db, ctx.caller.agencyId, { asOf: input.to, scenarioName: input.staffingScenario });
      return { ...report, staffingNeed };
    }),
} satisfies TRPCRouterRecord;
