import { listAudit } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { access } from '../trpc.ts';

const auditListInput = z
  .strictObject({
    action: z.string().min(1).max(100).optional(),
    userId: z.string().min(1).max(100).optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    page: z.number().int().min(1, 'Pages start at 1.').default(1),
    pageSize: z.number().int().min(1).max(200, 'At most 200 entries per page.').default(50),
  })
  .refine((i) => !i.from || !i.to || i.from <= i.to, { error: '"from" must be on or before "to".', path: ['to'] })
  .default({ page: 1, pageSize: 50 });

export const auditRouter = {
  /** The agency's audit log, newest first, filtered by action, user and UTC day range. */
  list: access({ roles: ['admin', 'director'] })
    .input(auditListInput)
    .query(async ({ ctx, input }) => {
      const { entries, total } = await listAudit(
        ctx.db,
        ctx.caller.agencyId,
        { action: input.action, userId: input.userId, from: input.from, to: input.to },
        { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
      );
      return { entries, total, page: input.page, pageSize: input.pageSize, pages: Math.ceil(total / input.pageSize) };
    }),
} satisfies TRPCRouterRecord;
