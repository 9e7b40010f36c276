/**
 * The board report: the headline figures of Standards 8 and 9 for a period
 * against the previous one, the trend charts' months, the teams and the sentences.
 * Agency roles and the board; small-cell suppression always applies, whoever asks.
 */
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { boardReport } from '../services/board/index.ts';
import { access } from '../trpc.ts';

const BOARD_REPORT_ROLES = ['admin', 'director', 'board'] as const;

const boardReportInput = z
  .strictObject({ from: dateSchema, to: dateSchema })
  .refine((i) => i.from <= i.to, { error: '"from" must be on or before "to".', path: ['to'] });

export const boardRouter = {
  /** The board report for [from, to] and the previous period of the same length. */
  report: access({ roles: BOARD_REPORT_ROLES })
    .input(boardReportInput)
    .query(async ({ ctx, input }) => {
      await requireRecordsBy(ctx.db, ctx.caller.agencyId, input.to, 'ending');
      return boardReport(ctx.db, ctx.caller.agencyId, input);
    }),
} satisfies TRPCRouterRecord;
