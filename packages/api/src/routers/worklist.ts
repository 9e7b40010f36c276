import { WORKLIST_KINDS } from '@caseload/metrics';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';
import { worklist } from '../services/worklist.ts';
import { reportFilter } from '../shaping/reports.ts';
import { access } from '../trpc.ts';
import { CLIENT_LIST_ROLES } from './caseload.ts';

const worklistInput = z.strictObject({
  kind: z.enum(WORKLIST_KINDS, { error: `A work list is one of ${WORKLIST_KINDS.join(', ')}.` }),
  asOf: dateSchema.optional(),
  teamId: idSchema.optional(),
  programId: idSchema.optional(),
});

export const worklistRouter = {
  /**
   * Clients needing action on a date, most urgent first: reassessment overdue or due
   * soon, contact overdue, unassigned, uncovered. Within the caller's scope (a case
   * manager: the clients they hold). A client-level list: audited.
   */
  list: access({ roles: CLIENT_LIST_ROLES })
    .input(worklistInput)
    .query(async ({ ctx, input }) => {
      const filter = await reportFilter(ctx.db, ctx.scope, input, await ctx.today());
      const list = await worklist(ctx.db, ctx.caller.agencyId, { kind: input.kind, ...filter });
      const scope = ctx.scope;
      const shown = scope.kind === 'self' ? { ...list, clients: list.clients.filter((c) => c.staffId === scope.staffId) } : list;
      await ctx.auditClientListView({
        list: `worklist.${input.kind}`,
        filters: { asOf: filter.asOf, teamIds: filter.teamIds, programIds: filter.programIds },
        clientCount: shown.clients.length,
      });
      return shown;
    }),
} satisfies TRPCRouterRecord;
