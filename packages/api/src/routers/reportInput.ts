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

const periodOrder = { error: '"from" must be on or before "to".', path: ['to'] };

/** A period [from, to] and the filters every period report (Standard 8, trends) accepts. */
export const periodInput = z
  .strictObject({
    from: dateSchema,
    to: dateSchema,
    teamId: idSchema.optional(),
    programId: idSchema.optional(),
  })
  .refine((i) => i.from <= i.to, periodOrder);

/**
 * The caseload trend: a period, the filters, and whether to send every staff member's
 * series in the caller's scope. The trends page draws the agency, a team and — for a
 * case manager — their own line; a case manager always gets their own series, anyone
 * else the staff series only when asking for them (60 months of every case manager of
 * a large agency is megabytes nobody looks at).
 */
export const trendInput = z
  .strictObject({
    from: dateSchema,
    to: dateSchema,
    teamId: idSchema.optional(),
    programId: idSchema.optional(),
    staffSeries: z.boolean({ error: '"staffSeries" is true or false.' }).default(false),
  })
  .refine((i) => i.from <= i.to, periodOrder);

/** Survey comments: a period, a program, a search text and a page. */
export const commentsInput = z
  .strictObject({
    from: dateSchema,
    to: dateSchema,
    programId: idSchema.optional(),
    search: z.string().trim().max(200, 'The search text is at most 200 characters.').optional(),
    limit: z
      .number()
      .int('"limit" is a whole number.')
      .min(1, 'Show at least 1 comment.')
      .max(500, 'At most 500 comments per page.')
      .default(50),
    offset: z.number().int('"offset" is a whole number.').min(0, '"offset" cannot be negative.').default(0),
  })
  .refine((i) => i.from <= i.to, periodOrder);
