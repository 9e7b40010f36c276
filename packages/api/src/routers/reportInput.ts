import { z } from 'zod';
import { dateSchema, idSchema } from '../schemas.ts';

/** Filters every point-in-time report accepts; asOf defaults to today. */
export const reportInput = z
  .strictObject({
    asOf: dateSchema.optional(),
    teamId: idSchema.optional(),
    programId: idSchema.optional(),
  })
  .default({});
