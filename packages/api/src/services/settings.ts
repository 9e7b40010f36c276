import { AUDIT_ACTIONS, appendSettingsVersion, currentSettings, type Database, type SettingsRow, writeAudit } from '@caseload/db';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '@caseload/clock';
import {
  type CaseloadStandard,
  FORECAST_HISTORY_MONTHS_MAX,
  FORECAST_HISTORY_MONTHS_MIN,
  STANDARD_KINDS,
  type Settings,
} from '@caseload/metrics';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ServiceError } from '../errors.ts';
import type { Actor } from './users.ts';

const hoursPerClient = z
  .number()
  .finite()
  .min(0, 'Hours per client cannot be negative.')
  .max(200, 'Hours per client per month is at most 200.');
const days = z.number().int('Days are whole numbers.').min(1, 'A window is at least 1 day.').max(3650, 'A window is at most 3650 days.');
const ratio = z.number().finite().positive('A load-band boundary is a positive ratio such as 0.85.').max(10);
const contactRule = z.strictObject({ anyDays: days, faceToFaceDays: days });
const tier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'A tier is 1, 2, 3 or 4.' });

const ruleId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'A standard’s id is 1–64 characters of A-Z a-z 0-9 . _ : -');
const age = z
  .number()
  .int('An age bound is a whole number of years.')
  .min(0, 'An age bound is 0 or more.')
  .max(130, 'An age bound is at most 130.');

/**
 * One caseload standard (metrics.md). A scope (programs, ages) applies to the kinds
 * that count clients (average_ratio, individual_max); load_ratio and supervisor_span
 * are taken on the whole agency (or one team), so a scope there is refused rather
 * than silently ignored.
 */
const caseloadStandardSchema = z
  .strictObject({
    id: ruleId,
    label: z.string().trim().min(1, 'Give each standard a label.').max(200, 'A label is at most 200 characters.'),
    kind: z.enum(STANDARD_KINDS, { error: `A standard’s kind is one of ${STANDARD_KINDS.join(', ')}.` }),
    limit: z.number().finite().positive('A standard’s limit is more than 0.').max(100000, 'A limit is at most 100000.'),
    period: z.enum(['month', 'quarter'], { error: 'A standard’s period is month or quarter.' }),
    programs: z.array(ruleId).max(200).default([]),
    ageMin: age.nullable().optional(),
    ageMax: age.nullable().optional(),
    maxDays: z.number().int('maxDays is a whole number of days.').min(0).max(365, 'maxDays is at most 365.').nullable().optional(),
    teamId: ruleId.nullable().optional(),
    correctionAfter: z
      .number()
      .int()
      .min(1, 'correctionAfter is at least 1.')
      .max(12, 'correctionAfter is at most 12.')
      .nullable()
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'individual_max' && (r.maxDays ?? null) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxDays'],
        message: `Standard ${r.id}: an individual maximum needs maxDays (California: 60).`,
      });
    }
    if (r.kind !== 'individual_max' && (r.maxDays ?? null) !== null) {
      ctx.addIssue({ code: 'custom', path: ['maxDays'], message: `Standard ${r.id}: maxDays applies only to individual_max.` });
    }
    if (r.kind !== 'load_ratio' && (r.teamId ?? null) !== null) {
      ctx.addIssue({ code: 'custom', path: ['teamId'], message: `Standard ${r.id}: a team applies only to load_ratio.` });
    }
    const scoped = r.programs.length > 0 || (r.ageMin ?? null) !== null || (r.ageMax ?? null) !== null;
    if ((r.kind === 'load_ratio' || r.kind === 'supervisor_span') && scoped) {
      ctx.addIssue({
        code: 'custom',
        path: ['programs'],
        message: `Standard ${r.id}: ${r.kind} is taken on the whole agency; it has no program or age scope.`,
      });
    }
    if ((r.ageMin ?? null) !== null && (r.ageMax ?? null) !== null && (r.ageMin as number) > (r.ageMax as number)) {
      ctx.addIssue({ code: 'custom', path: ['ageMin'], message: `Standard ${r.id}: ageMin is above ageMax.` });
    }
  }) satisfies z.ZodType<CaseloadStandard, unknown>;

export const caseloadStandardsSchema = z
  .array(caseloadStandardSchema)
  .max(50, 'At most 50 caseload standards.')
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { error: 'Each caseload standard needs its own id.' });

/**
 * The agency settings document (metrics.md): every field required, no unknown
 * fields, each value in a range a person would recognise as sane.
 */
export const settingsSchema = z.strictObject({
  tierHours: z.strictObject({
    '1': hoursPerClient,
    '2': hoursPerClient,
    '3': hoursPerClient,
    '4': hoursPerClient,
    unassessed: hoursPerClient,
  }),
  caseHoursPerFte: z
    .number()
    .finite()
    .positive('Case hours per FTE must be more than 0.')
    .max(744, 'Case hours per FTE is per month: at most 744.'),
  loadBands: z
    .strictObject({ balancedFrom: ratio, balancedTo: ratio, overTo: ratio })
    .refine((b) => b.balancedFrom <= b.balancedTo && b.balancedTo <= b.overTo, {
      error: 'Load bands must rise: balancedFrom ≤ balancedTo ≤ overTo (defaults 0.85, 1.00, 1.15).',
    }),
  contactRules: z.strictObject({ '1': contactRule, '2': contactRule, '3': contactRule, '4': contactRule, unassessed: contactRule }),
  reassessmentDays: z.strictObject({ '1': days, '2': days, '3': days, '4': days }),
  initialAssessmentDays: days,
  qaPassScore: z.number().finite().min(0, 'A pass score is between 0 and 100.').max(100, 'A pass score is between 0 and 100.'),
  minCellSize: z
    .number()
    .int('The minimum cell size is a whole number of people.')
    .min(1, 'The minimum cell size is at least 1.')
    .max(1000, 'The minimum cell size is at most 1000.'),
  protectTiers: z
    .array(tier)
    .max(4)
    .refine((a) => new Set(a).size === a.length, { error: 'List each protected tier once.' }),
  timeZone: z
    .string({ error: 'The time zone is an IANA name such as America/New_York.' })
    .refine((name) => canonicalTimeZone(name) !== null, {
      error: 'The time zone must be an IANA name such as America/New_York or America/Chicago.',
    })
    .transform((name) => canonicalTimeZone(name) ?? name),
  // absent in documents saved before standards were a setting: none
  caseloadStandards: caseloadStandardsSchema.default([]),
  staleAfterDays: z
    .number()
    .int('Days are whole days.')
    .min(1, 'Warn after at least 1 day.')
    .max(365, 'Warn after at most 365 days.')
    .optional(),
  importSchedule: z
    .string()
    .trim()
    .max(100)
    .regex(/^\S+(\s+\S+){4,5}$/, 'The import schedule is a cron expression such as "0 2 * * *" (02:00 every day).')
    .refine((expr) => isCronExpression(expr), {
      error: 'The import schedule is not a cron expression the scheduler reads; for example "0 2 * * *" (02:00 every day).',
    })
    .nullable()
    .optional(),
  forecastHistoryMonths: z
    .number()
    .int('The forecast history is a whole number of months.')
    .min(FORECAST_HISTORY_MONTHS_MIN, `The forecast learns from at least ${FORECAST_HISTORY_MONTHS_MIN} months of history.`)
    .max(FORECAST_HISTORY_MONTHS_MAX, `The forecast learns from at most ${FORECAST_HISTORY_MONTHS_MAX} months of history.`)
    .optional(),
}) satisfies z.ZodType<Settings, unknown>;

/** Whether the drop folder's scheduler (croner) reads `expr` as a schedule. */
function isCronExpression(expr: string): boolean {
  try {
    new Cron(expr, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export interface SettingsView {
  version: number;
  settings: Settings;
  createdAt: string;
  createdBy: string | null;
}

export async function getSettings(db: Kysely<Database>, agencyId: string): Promise<SettingsView> {
  const row: SettingsRow<Settings> | undefined = await currentSettings<Settings>(db, agencyId);
  if (!row) throw new ServiceError('NOT_FOUND', 'This agency has no settings yet.');
  // a document saved before the time zone was a setting is in the default zone
  return {
    ...row,
    settings: {
      ...row.settings,
      timeZone: row.settings.timeZone ?? DEFAULT_TIME_ZONE,
      caseloadStandards: row.settings.caseloadStandards ?? [],
    },
  };
}

/**
 * Appends a new settings version (old versions are kept: every report names the
 * version it used) and audits old and new values. With expectedVersion, refuses
 * when someone else saved in between, so one edit never silently undoes another.
 */
export async function updateSettings(
  db: Kysely<Database>,
  agencyId: string,
  input: { settings: z.input<typeof settingsSchema>; expectedVersion?: number | undefined },
  actor: Actor,
  now: Date,
): Promise<SettingsView> {
  const parsed = settingsSchema.safeParse(input.settings);
  if (!parsed.success) {
    throw new ServiceError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' '));
  }
  const before = await getSettings(db, agencyId);
  if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
    throw new ServiceError(
      'CONFLICT',
      `Settings were changed by someone else (now version ${before.version}, you edited version ${input.expectedVersion}). Reload and try again.`,
    );
  }
  const version = await appendSettingsVersion(db, agencyId, parsed.data, actor.actor);
  await writeAudit(db, {
    agencyId,
    userId: actor.userId,
    actor: actor.actor,
    action: AUDIT_ACTIONS.settingsUpdate,
    details: { fromVersion: before.version, toVersion: version, old: before.settings, new: parsed.data },
    at: now,
  });
  return getSettings(db, agencyId);
}
