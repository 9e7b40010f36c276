import type { TierKey } from '@caseload/metrics';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';
import { intakeRanking } from '../services/intake.ts';
import { reportFilter } from '../shaping/reports.ts';
import { requireProgramInScope } from '../shaping/scope.ts';
import { access } from '../trpc.ts';

const tierError = { error: 'The expected tier is 1, 2, 3, 4 or "unassessed".' };
const expectedTier = z.union(
  [z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.enum(['1', '2', '3', '4', 'unassessed'])],
  tierError,
);
/** A language or region as the client record spells it ("" or absent: no requirement). */
const label = z.string().trim().max(100, 'At most 100 characters.');

const intakeInput = z.strictObject({
  programId: idSchema,
  language: label.optional(),
  region: label.optional(),
  expectedTier,
  asOf: dateSchema.optional(),
  teamId: idSchema.optional(),
});

export const intakeRouter = {
  /**
   * Eligible caseload staff for a new client, ranked by load ratio after taking the
   * client (language and region must match when given). Staff-level: no client ids.
   */
  rank: access({ roles: ['admin', 'director', 'program_manager', 'supervisor'] })
    .input(intakeInput)
    .query(async ({ ctx, input }) => {
      await requireProgramInScope(ctx.db, ctx.scope, input.programId);
      const filter = await reportFilter(ctx.db, ctx.scope, { asOf: input.asOf, teamId: input.teamId }, await ctx.today());
      return intakeRanking(ctx.db, ctx.caller.agencyId, {
        asOf: filter.asOf,
        teamIds: filter.teamIds,
        newClient: {
          programId: input.programId,
          primaryLanguage: input.language || null,
          region: input.region || null,
          tier: String(input.expectedTier) as TierKey,
        },
      });
    }),
} satisfies TRPCRouterRecord;
