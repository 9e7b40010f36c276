import type { TRPCRouterRecord } from '@trpc/server';
import { ALL_ROLES } from '../access.ts';
import { access } from '../trpc.ts';

export const authRouter = {
  /** Who is signed in, and what they may see. Works even when the scope is empty, to say so. */
  me: access({ roles: ALL_ROLES, reads: 'account' }).query(({ ctx }) => ({
    userId: ctx.caller.userId,
    email: ctx.caller.email,
    role: ctx.caller.role,
    agency: { agencyId: ctx.caller.agencyId, name: ctx.caller.agencyName },
    teamIds: ctx.caller.teamIds,
    programIds: ctx.caller.programIds,
    staffId: ctx.caller.staffId,
    /** 'agency' | 'board' | 'programs' | 'teams' | 'self' | 'none' */
    scope: ctx.scope.kind,
  })),
} satisfies TRPCRouterRecord;
