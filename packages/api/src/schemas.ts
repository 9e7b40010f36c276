import { DATE_PATTERN, ID_PATTERN, isCalendarDate } from '@caseload/values';
import { z } from 'zod';

/** Ids are 1–64 characters of A-Z a-z 0-9 . _ : - (domain.md). */
export const idSchema = z.string().regex(ID_PATTERN, 'An id is 1 to 64 letters, digits or . _ : - (for example "team-north").');

/** An agency-local calendar date, 'YYYY-MM-DD'. */
export const dateSchema = z
  .string()
  .regex(DATE_PATTERN, 'Use a date in the form YYYY-MM-DD, for example 2025-03-31.')
  .refine(isCalendarDate, 'That date does not exist on the calendar.');

export const emailSchema = z
  .string()
  .trim()
  .max(320, 'An email address is at most 320 characters.')
  .pipe(z.email('Enter an email address such as name@agency.org.'))
  .transform((e) => e.toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `A password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password must be at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((p) => p.trim().length > 0, 'A password cannot be only spaces.');
