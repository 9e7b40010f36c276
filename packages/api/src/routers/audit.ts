import { AUDIT_ACTIONS, listAudit } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { ALL_ROLES } from '../access.ts';
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

const exportInput = z.strictObject({
  /** the downloaded file's name (it carries the report, filters and settings version) */
  file: z
    .string()
    .min(1)
    .max(200)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    .regex(/^[^/\\\u0000-\u001f]+$/, 'A file name without slashes or control characters.'),
  format: z.enum(['csv', 'json', 'pdf']),
  rows: z.number().int().min(0).max(10_000_000),
  /** the page it was downloaded from, e.g. '/caseloads?team=t1' */
  page: z.string().max(500).optional(),
});

export const auditRouter = {
  /**
   * Every export is audited (interfaces.md): the dashboard records a download here
   * before it hands the file over, and refuses the download if this fails. The entry
   * names the file, format, row count and page — never the rows.
   */
  recordExport: access({ roles: ALL_ROLES, reads: 'account' })
    .input(exportInput)
    .mutation(async ({ ctx, input }) => {
      await ctx.audit(AUDIT_ACTIONS.export, { via: 'dashboard', ...input });
      return { ok: true as const };
    }),

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
