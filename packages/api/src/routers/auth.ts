import type { TRPCRouterRecord } from '@trpc/server';
import { ALL_ROLES } from '../access.ts';
import { dataFrom } from '../services/calendar.ts';
import { access } from '../trpc.ts';

export const authRouter = {
  /** Who is signed in, and what they may see. Works even when the scope is empty, to say so. */
  me: access({ roles: ALL_ROLES, reads: 'account' }).query(async ({ ctx }) => ({
    userId: ctx.caller.userId,
    email: ctx.caller.email,
    role: ctx.caller.role,
    agency: { agencyId: ctx.caller.agencyId, name: ctx.caller.agencyName },
    teamIds: ctx.caller.teamIds,
    programIds: ctx.caller.programIds,
    staffId: ctx.caller.staffId,
    /** 'agency' | 'board' | 'programs' | 'teams' | 'self' | 'none' */
    scope: ctx.scope.kind,
    /** today in the agency's time zone (or as CASELOAD_TODAY pins it): the pages' default dates */
    today: await ctx.today(),
    /** the first day of the agency's records (its earliest contact or assessment), null with none yet */
    dataFrom: await dataFrom(ctx.db, ctx.caller.agencyId),
  })),
} satisfies TRPCRouterRecord;
