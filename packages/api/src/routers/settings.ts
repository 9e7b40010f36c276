import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { getSettings, settingsSchema, updateSettings } from '../services/settings.ts';
import { access } from '../trpc.ts';

export const settingsRouter = {
  /** The agency's current settings and their version. */
  get: access({ roles: ['admin', 'director', 'program_manager', 'supervisor'] }).query(({ ctx }) =>
    getSettings(ctx.db, ctx.caller.agencyId),
  ),

  /** Saves a new version of the whole settings document; audited with old and new values. */
  update: access({ roles: ['admin', 'director'] })
    .input(z.strictObject({ settings: settingsSchema, expectedVersion: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) =>
      updateSettings(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, ctx.now()),
    ),
} satisfies TRPCRouterRecord;
