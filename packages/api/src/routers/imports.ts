import {
  AUDIT_ACTIONS,
  createApiToken,
  listApiTokens,
  listAudit,
  listMappingProfiles,
  revokeApiToken,
  saveMappingProfile,
} from '@caseload/db';
import {
  acceptedValues,
  checkProfile,
  DATE_FORMATS,
  FILE_SPECS,
  type FileMapping,
  planMapping,
  type SourceCell,
  suggestMapping,
} from '@caseload/importer';
import { type TRPCRouterRecord, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { DATA_QUALITY_CHECKS } from '@caseload/db';
import { dataQualityReport } from '../services/dataQuality.ts';
import { freshness } from '../services/freshness.ts';
import { access } from '../trpc.ts';

/** The audit action of each outcome: the importer writes 'import'; a refused upload 'import.failed'. */
const OUTCOME_ACTIONS = { imported: AUDIT_ACTIONS.import, failed: 'import.failed' } as const;

const historyInput = z
  .strictObject({
    outcome: z.enum(['imported', 'failed'], { error: 'outcome is "imported" or "failed".' }).default('imported'),
    page: z.number().int().min(1, 'Pages start at 1.').default(1),
    pageSize: z.number().int().min(1, 'Show at least 1 import.').max(200, 'At most 200 imports per page.').default(25),
  })
  .default({ outcome: 'imported', page: 1, pageSize: 25 });

export interface ImportedFile {
  file: string;
  /** null for a failed import (nothing was written) */
  rows: number | null;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
}

export interface ImportRecord {
  auditId: number;
  /** ISO 8601, UTC */
  at: string;
  userId: string | null;
  /** who ran it: a user's email, 'cli' or 'system' */
  actor: string;
  outcome: 'imported' | 'failed';
  files: ImportedFile[];
  /** rows imported; 0 for a failed import */
  totalRows: number;
  /** a failed import: where it stopped ('upload' or 'validation'), how many errors, why */
  stage: string | null;
  errorCount: number | null;
  reason: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * An import's audit entry as a record. The importer writes {files: [{file, rows,
 * inserted, updated, unchanged}], totalRows}; a refused upload {stage, files: [names],
 * errorCount?, reason?}. Anything else reads as empty.
 */
function importRecord(
  outcome: 'imported' | 'failed',
  entry: { auditId: number; at: string; userId: string | null; actor: string; details: Record<string, unknown> },
): ImportRecord {
  const d = entry.details;
  const rawFiles = Array.isArray(d.files) ? (d.files as unknown[]) : [];
  const files: ImportedFile[] = rawFiles.flatMap((f): ImportedFile[] => {
    if (typeof f === 'string') return [{ file: f, rows: null, inserted: null, updated: null, unchanged: null }];
    if (f === null || typeof f !== 'object' || typeof (f as { file?: unknown }).file !== 'string') return [];
    const r = f as Record<string, unknown>;
    return [{ file: r.file as string, rows: num(r.rows), inserted: num(r.inserted), updated: num(r.updated), unchanged: num(r.unchanged) }];
  });
  return {
    auditId: entry.auditId,
    at: entry.at,
    userId: entry.userId,
    actor: entry.actor,
    outcome,
    files,
    totalRows: num(d.totalRows) ?? files.reduce((n, f) => n + (f.rows ?? 0), 0),
    stage: typeof d.stage === 'string' ? d.stage : null,
    errorCount: num(d.errorCount),
    reason: typeof d.reason === 'string' ? d.reason : null,
  };
}

/** A cell of the first rows of an uploaded export, as the inspect route sends it (a typed date as {date}). */
const previewCell = z.union([z.string().max(2000), z.number(), z.boolean(), z.null(), z.strictObject({ date: z.iso.date() })]);

const previewInput = z.strictObject({
  target: z.enum(FILE_SPECS.map((s) => s.file) as [string, ...string[]], { error: 'Choose one of the import files.' }),
  header: z.array(z.string().max(200)).max(500),
  rows: z.array(z.array(previewCell).max(500)).max(20),
  /** the file's mapping as edited so far; absent: only the suggestion */
  mapping: z.unknown().optional(),
  defaults: z
    .strictObject({
      dateFormat: z.enum(DATE_FORMATS).optional(),
      listSeparator: z.string().min(1).max(3).optional(),
      idPrefix: z.string().max(20).optional(),
    })
    .default({}),
});

interface PreviewRow {
  /** the target file's cells as they will import (text of the import format) */
  cells: string[];
  /** target column → the message the import would give for this cell */
  errors: Record<string, string>;
}

const asOfInput = z.strictObject({ asOf: z.iso.date({ error: 'asOf is a date written YYYY-MM-DD.' }).optional() }).default({});

export const importsRouter = {
  /** The data-quality checks: counts and change since the previous import (no ids; agency-level). */
  dataQuality: access({ roles: ['admin', 'director'] })
    .input(asOfInput)
    .query(async ({ ctx, input }) => (await dataQualityReport(ctx.db, ctx.caller.agencyId, input.asOf ?? (await ctx.today()))).report),

  /** The ids one check found (a client-level list: audited like every other). */
  dataQualityIds: access({ roles: ['admin', 'director'] })
    .input(z.strictObject({ check: z.enum(DATA_QUALITY_CHECKS), asOf: z.iso.date().optional() }))
    .query(async ({ ctx, input }) => {
      const asOf = input.asOf ?? (await ctx.today());
      const { ids, report } = await dataQualityReport(ctx.db, ctx.caller.agencyId, asOf);
      const ofCheck = ids[input.check];
      await ctx.auditClientListView({ list: `dataQuality.${input.check}`, filters: { asOf }, clientCount: ofCheck.length });
      return { check: input.check, asOf, subject: report.checks.find((c) => c.check === input.check)?.subject ?? 'client', ids: ofCheck };
    }),

  /** How old the numbers are, for the banner on every page (agency-level, no client data: every role). */
  freshness: access({ roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] }).query(({ ctx }) =>
    freshness(ctx.db, ctx.caller.agencyId, ctx.clock),
  ),

  /** The agency's API tokens for the push API (never the tokens themselves: only their hashes are kept). */
  tokens: access({ roles: ['admin'] }).query(({ ctx }) => listApiTokens(ctx.db, ctx.caller.agencyId)),

  /** Makes an import token; the answer holds the token, shown this once. */
  createToken: access({ roles: ['admin'] })
    .input(
      z.strictObject({ label: z.string().trim().min(1, 'Give the token a name (what will use it).').max(100, 'At most 100 characters.') }),
    )
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.db, ctx.caller.agencyId, input.label, { userId: ctx.caller.userId, label: ctx.caller.email }),
    ),

  /** Revokes a token; revoked false when the agency has no such live token (already revoked, or never made). */
  revokeToken: access({ roles: ['admin'] })
    .input(z.strictObject({ tokenId: z.string().min(1, 'Name the token to revoke.').max(100) }))
    .mutation(async ({ ctx, input }) => ({
      revoked: await revokeApiToken(
        ctx.db,
        ctx.caller.agencyId,
        input.tokenId,
        { userId: ctx.caller.userId, label: ctx.caller.email },
        ctx.now(),
      ),
    })),

  /** The agency's mapping profile: the active (latest) version and the history of versions. */
  profile: access({ roles: ['admin'] }).query(async ({ ctx }) => {
    const all = await listMappingProfiles(ctx.db, ctx.caller.agencyId);
    return {
      active: all[0] ?? null,
      versions: all.map((p) => ({
        version: p.version,
        createdAt: p.createdAt,
        createdBy: p.createdBy,
        name: String((p.profile as { name?: unknown }).name ?? ''),
      })),
    };
  }),

  /** Saves the profile as a new version (checked first: every problem is named by its place in the profile). */
  saveProfile: access({ roles: ['admin'] })
    .input(z.strictObject({ profile: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      const checked = checkProfile(input.profile);
      if (!checked.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: `The mapping cannot be saved: ${checked.errors.join('; ')}` });
      const version = await saveMappingProfile(ctx.db, ctx.caller.agencyId, checked.profile, {
        userId: ctx.caller.userId,
        label: ctx.caller.email,
      });
      return { version };
    }),

  /**
   * For one target file and an export's header and first rows: the suggested mapping,
   * the values each column accepts, and (given a mapping) the rows as they will import,
   * with the message each bad cell would get. Nothing is stored.
   */
  previewMapping: access({ roles: ['admin'] })
    .input(previewInput)
    .query(({ input }) => {
      const spec = FILE_SPECS.find((s) => s.file === input.target);
      if (!spec) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Choose one of the import files.' });
      const suggestion = suggestMapping(input.target, input.header);
      const accepted = Object.fromEntries(spec.columns.map((c) => [c.name, acceptedValues(input.target, c.name)]));
      const columns = spec.columns.map((c) => ({ name: c.name, required: c.required === true }));
      if (input.mapping === undefined) return { suggestion, accepted, columns, problem: null, rows: [] as PreviewRow[] };
      const checked = checkProfile({ name: 'preview', ...input.defaults, files: { [input.target]: input.mapping } });
      if (!checked.ok) return { suggestion, accepted, columns, problem: checked.errors.join('; '), rows: [] as PreviewRow[] };
      const mapping = checked.profile.files[input.target] as FileMapping;
      const plan = planMapping(spec, mapping, checked.profile, input.header);
      if (typeof plan === 'string') return { suggestion, accepted, columns, problem: plan, rows: [] as PreviewRow[] };
      const rows: PreviewRow[] = input.rows.map((raw) => {
        const cells: SourceCell[] = raw.map((c) => (c !== null && typeof c === 'object' ? new Date(`${c.date}T00:00:00Z`) : c));
        const { fields, errors } = plan.map(cells);
        const out: Record<string, string> = Object.fromEntries(errors);
        spec.columns.forEach((c, i) => {
          if (out[c.name] !== undefined) return;
          const v = fields[i] as string;
          if (v === '') {
            if (c.required) out[c.name] = 'is required';
            return;
          }
          const parsed = c.type.parse(v);
          if (parsed !== null && typeof parsed === 'object' && 'message' in parsed && !Array.isArray(parsed)) {
            out[c.name] = String((parsed as { message: string }).message);
          }
        });
        return { cells: fields, errors: out };
      });
      return { suggestion, accepted, columns, problem: null, rows };
    }),

  /**
   * Past imports, newest first, from the audit log: who, when, which files, how many
   * rows; or (outcome 'failed') the uploads that were refused, and why.
   */
  history: access({ roles: ['admin', 'director'] })
    .input(historyInput)
    .query(async ({ ctx, input }) => {
      const { entries, total } = await listAudit(
        ctx.db,
        ctx.caller.agencyId,
        { action: OUTCOME_ACTIONS[input.outcome] },
        { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
      );
      return {
        outcome: input.outcome,
        imports: entries.map((e) => importRecord(input.outcome, e)),
        total,
        page: input.page,
        pageSize: input.pageSize,
        pages: Math.ceil(total / input.pageSize),
      };
    }),
} satisfies TRPCRouterRecord;
