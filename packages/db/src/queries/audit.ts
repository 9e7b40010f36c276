import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The audit log is append-only (a trigger refuses update, delete and truncate).
 * Action names in use; other strings are accepted, but prefer one of these so the
 * log can be filtered by them.
 */
export const AUDIT_ACTIONS = {
  loginSuccess: 'login.success',
  loginFailure: 'login.failure',
  loginThrottled: 'login.throttled',
  logout: 'logout',
  userCreate: 'user.create',
  userDisable: 'user.disable',
  userEnable: 'user.enable',
  userResetPassword: 'user.reset_password',
  userUpdate: 'user.update',
  settingsUpdate: 'settings.update',
  import: 'import',
  export: 'export',
  clientListView: 'client_list.view',
  profileSave: 'import_profile.save',
  tokenCreate: 'api_token.create',
  tokenRevoke: 'api_token.revoke',
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export interface AuditEntryInput {
  agencyId: string;
  /** the signed-in user, or null for the system / command line */
  userId: string | null;
  /** who acted, as a person reads it: the user's email, 'cli' or 'system' */
  actor: string;
  action: AuditAction | (string & {});
  /** JSON-serializable; never passwords, tokens or client-level data beyond ids */
  details?: Record<string, unknown>;
  /** defaults to the database clock */
  at?: Date;
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntryInput): Promise<void> {
  await writeAudits(db, [entry]);
}

/** Several entries in one statement (one commit): in the order given, so their ids are too. */
export async function writeAudits(db: Kysely<Database>, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        agency_id: entry.agencyId,
        user_id: entry.userId,
        actor: entry.actor,
        action: entry.action,
        details: JSON.stringify(entry.details ?? {}),
        // a row without a time takes the column's default: the database clock
        ...(entry.at ? { at: entry.at } : {}),
      })),
    )
    .execute();
}

/**
 * Group commit for the audit rows of many concurrent requests. `write` resolves once
 * the entry is committed (and rejects if its statement failed), as writeAudit does;
 * but while one statement is in flight, the entries that arrive meanwhile wait for it
 * and then go together in the next, one commit for all of them. Twenty users reading
 * audited lists at once make a handful of commits instead of twenty, and no entry waits
 * longer than the statement before its own.
 */
export class AuditBatcher {
  private queue: Array<{ entry: AuditEntryInput; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** most rows in one statement */
    private readonly maxRows = 500,
  ) {}

  write(entry: AuditEntryInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxRows);
        try {
          await writeAudits(
            this.db,
            batch.map((b) => b.entry),
          );
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

export interface AuditEntry {
  auditId: number;
  /** ISO 8601, UTC, millisecond precision */
  at: string;
  userId: string | null;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string | undefined;
  userId?: string | undefined;
  /** 'YYYY-MM-DD', inclusive, UTC calendar day */
  from?: string | undefined;
  /** 'YYYY-MM-DD', inclusive, UTC calendar day */
  to?: string | undefined;
}

/** Newest first. */
export async function listAudit(
  db: Kysely<Database>,
  agencyId: string,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  let q = db.selectFrom('audit_log').where('agency_id', '=', agencyId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.userId) q = q.where('user_id', '=', filter.userId);
  if (filter.from) q = q.where('at', '>=', sql<Date>`(${filter.from}::date)::timestamp at time zone 'UTC'`);
  if (filter.to) q = q.where('at', '<', sql<Date>`(${filter.to}::date + 1)::timestamp at time zone 'UTC'`);
  const [rows, count] = await Promise.all([
    q
      .select([
        'audit_id',
        sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('at_iso'),
        'user_id',
        'actor',
        'action',
        'details',
      ])
      .orderBy('at', 'desc')
      .orderBy('audit_id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.n,
    entries: rows.map((r) => ({
      auditId: r.audit_id,
      at: r.at_iso,
      userId: r.user_id,
      actor: r.actor,
      action: r.action,
      details: (r.details ?? {}) as Record<string, unknown>,
    })),
  };
}
