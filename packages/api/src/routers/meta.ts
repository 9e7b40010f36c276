import type { TRPCRouterRecord } from '@trpc/server';
import { ALL_ROLES } from '../access.ts';
import { directory } from '../services/directory.ts';
import { keptView } from '../services/cache.ts';
import { access } from '../trpc.ts';

export const metaRouter = {
  /** Team, program and staff names within the caller's scope (the board gets no staff). */
  directory: access({ roles: ALL_ROLES }).query(({ ctx }) =>
    keptView(ctx.db, ctx.caller.agencyId, 'meta.directory', { scope: ctx.scope }, () => directory(ctx.db, ctx.scope)),
  ),
} satisfies TRPCRouterRecord;
