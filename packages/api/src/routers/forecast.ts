import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ServiceError } from '../errors.ts';
import { dateSchema, idSchema } from '../schemas.ts';
import { keptView } from '../services/cache.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import {
  deleteScenario,
  forecastScenarioSchema,
  forecastScenarios,
  saveScenario,
  scenarioNameSchema,
  staffingForecast,
} from '../services/forecast.ts';
import { requireProgramInScope } from '../shaping/scope.ts';
import { access } from '../trpc.ts';

/**
 * Who sees the staffing forecast: directors (and admins) for the agency, program
 * managers over their programs' clients. Never the board directly (its report carries
 * a saved scenario's gap by quarter), supervisors or case managers.
 */
const FORECAST_ROLES = ['admin', 'director', 'program_manager'] as const;
/** Who saves and deletes named scenarios (agency-wide inputs). */
const SCENARIO_EDITORS = ['admin', 'director'] as const;

export const forecastRouter = {
  /**
   * The forecast on asOf (default today) with the scenario's inputs: computed, never
   * saved. A program manager's is over their programs' clients (or one of them).
   */
  report: access({ roles: FORECAST_ROLES })
    .input(
      z.strictObject({
        asOf: dateSchema.optional(),
        programId: idSchema.optional(),
        scenario: forecastScenarioSchema.nullable().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const agencyId = ctx.caller.agencyId;
      const asOf = input.asOf ?? (await ctx.today());
      if (ctx.scope.kind !== 'agency' && ctx.scope.kind !== 'programs') {
        throw new ServiceError('FORBIDDEN', 'The staffing forecast is for directors and program managers.');
      }
      if (input.programId) await requireProgramInScope(ctx.db, ctx.scope, input.programId);
      const programIds = input.programId ? [input.programId] : ctx.scope.kind === 'programs' ? [...ctx.scope.programIds] : null;
      await requireRecordsBy(ctx.db, agencyId, asOf, 'as of');
      return keptView(ctx.db, agencyId, 'forecast.report', { programIds, asOf, scenario: input.scenario ?? null }, () =>
        staffingForecast(ctx.db, agencyId, { asOf, programIds, scenario: input.scenario ?? null }),
      );
    }),

  /** The agency's saved scenarios, by name. */
  scenarios: access({ roles: FORECAST_ROLES }).query(({ ctx }) => forecastScenarios(ctx.db, ctx.caller.agencyId)),

  /** Saves (or replaces) a named scenario; audited with its old and new inputs. */
  saveScenario: access({ roles: SCENARIO_EDITORS })
    .input(z.strictObject({ name: scenarioNameSchema, inputs: forecastScenarioSchema }))
    .mutation(({ ctx, input }) => saveScenario(ctx.db, ctx.caller.agencyId, { userId: ctx.caller.userId, actor: ctx.caller.email }, input)),

  /** Deletes a named scenario; audited. */
  deleteScenario: access({ roles: SCENARIO_EDITORS })
    .input(z.strictObject({ name: scenarioNameSchema }))
    .mutation(async ({ ctx, input }) => {
      await deleteScenario(ctx.db, ctx.caller.agencyId, { userId: ctx.caller.userId, actor: ctx.caller.email }, input.name);
      return { deleted: input.name };
    }),
} satisfies TRPCRouterRecord;
