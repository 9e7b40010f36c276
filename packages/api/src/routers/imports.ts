import { AUDIT_ACTIONS, listAudit } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
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

export const importsRouter = {
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
