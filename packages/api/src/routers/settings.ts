import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema } from '../schemas.ts';
import { getSettings, settingsSchema, updateSettings } from '../services/settings.ts';
import { previewSettings } from '../services/settingsPreview.ts';
import { access } from '../trpc.ts';

/** Who may change the settings, and so see what a change would move. */
const SETTINGS_EDITORS = ['admin', 'director'] as const;

export const settingsRouter = {
  /** The agency's current settings and their version. */
  get: access({ roles: ['admin', 'director', 'program_manager', 'supervisor'] }).query(({ ctx }) =>
    getSettings(ctx.db, ctx.caller.agencyId),
  ),

  /** Saves a new version of the whole settings document; audited with old and new values. */
  update: access({ roles: SETTINGS_EDITORS })
    .input(z.strictObject({ settings: settingsSchema, expectedVersion: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) =>
      updateSettings(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, ctx.now()),
    ),

  /**
   * What a proposed settings document would move on a day (default today): the
   * agency's and each team's load, band, members over capacity, contact and
   * reassessment rates, before and after, and the members changing band. Read-only:
   * nothing is saved or kept. The caseload standards are edited on their own and
   * do not enter these figures, so they are not part of the input.
   */
  preview: access({ roles: SETTINGS_EDITORS })
    .input(z.strictObject({ settings: settingsSchema.omit({ caseloadStandards: true }), asOf: dateSchema.optional() }))
    .query(async ({ ctx, input }) =>
      previewSettings(ctx.db, ctx.caller.agencyId, { asOf: input.asOf ?? (await ctx.today()), proposed: input.settings }),
    ),
} satisfies TRPCRouterRecord;
