import { type Clock, DEFAULT_TIME_ZONE, type DateString } from '@caseload/clock';
import { AgencyMovingError, AUDIT_ACTIONS, type Database, writeAudit } from '@caseload/db';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { type AccessRule, type Caller, isUserRole, resolveScope } from './access.ts';
import { ServiceError } from './errors.ts';
import { agencyToday } from './services/calendar.ts';

export interface ContextOptions {
  db: Kysely<Database>;
  caller: Caller | null;
  /** the one clock (@caseload/clock): the server's and the CLI's come from the environment; tests pin one */
  clock: Clock;
  /**
   * Told of every audit entry once it is written. The server keeps a client-level
   * list's answer with the entries its view wrote, so that answering the same list
   * again from kept bytes writes the same entries first (every view audited).
   */
  onAudit?: (entry: AuditedEntry) => void;
}

/** An audit entry as a procedure wrote it (the writer adds agency, user and time). */
export interface AuditedEntry {
  action: string;
  details: Record<string, unknown>;
}

export interface ClientListView {
  /** which list, e.g. 'worklist.reassessOverdue' */
  list: string;
  /** the filters the list was drawn with (team, program, as-of …) */
  filters: Record<string, unknown>;
  /** how many clients the list showed (never their ids) */
  clientCount: number;
}

/**
 * The context every procedure runs in. The database arrives here, never from a
 * module singleton, so a test builds a caller over its own database
 * (createCaller(createContextInner({ db, caller }))).
 */
export function createContextInner(opts: ContextOptions) {
  const { db, caller, clock, onAudit } = opts;
  const now = () => clock.now();
  /** Today in the caller's agency's time zone (the pinned date when CASELOAD_TODAY is set). */
  const today = (): Promise<DateString> =>
    caller ? agencyToday(db, caller.agencyId, clock) : Promise.resolve(clock.pinnedToday ?? clock.today(DEFAULT_TIME_ZONE));
  /** Appends an audit entry as the calling user. */
  const audit = async (action: string, details: Record<string, unknown> = {}): Promise<void> => {
    if (!caller) throw new Error('audit() needs a signed-in caller');
    await writeAudit(db, {
      agencyId: caller.agencyId,
      userId: caller.userId,
      actor: caller.email,
      action,
      details,
      at: now(),
    });
    onAudit?.({ action, details });
  };
  return {
    db,
    caller,
    clock,
    now,
    today,
    audit,
    /** Every view of a client-level list is audited (Standard 4). Call it before returning the list. */
    auditClientListView: (view: ClientListView) => audit(AUDIT_ACTIONS.clientListView, { ...view }),
  };
}

export type Context = ReturnType<typeof createContextInner>;

interface Meta {
  access?: AccessRule;
}

interface IssueLike {
  path?: readonly PropertyKey[];
  message: string;
}

function issuesOf(cause: unknown): IssueLike[] | null {
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
    return (cause as { issues: IssueLike[] }).issues;
  }
  return null;
}

function describeIssues(issues: IssueLike[]): string {
  const parts = issues.map((i) => {
    const path = (i.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
    return path ? `${path.replace(/\.\[/g, '[')}: ${i.message}` : i.message;
  });
  return `Please check the request. ${parts.join(' ')}`.trim();
}

const GENERIC_SERVER_ERROR = 'Something went wrong on the server. The error has been logged; please try again.';

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const issues = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : null;
      const message = issues
        ? describeIssues(issues)
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? // may carry SQL or driver text: never shown
            GENERIC_SERVER_ERROR
          : error.message;
      return {
        message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          ...(shape.data.path ? { path: shape.data.path } : {}),
          ...(issues
            ? {
                issues: issues.map((i) => ({
                  path: (i.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p)),
                  message: i.message,
                })),
              }
            : {}),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * The one procedure builder. Deny by default: it refuses any call to a procedure
 * that did not declare an access rule, any call without a session, any role the
 * rule does not name (including roles this code does not know) and, for scoped
 * procedures, any caller whose scope is empty. Services' ServiceErrors become the
 * tRPC error of the same code.
 */
const guarded = t.procedure.use(async ({ ctx, meta, next }) => {
  const rule = meta?.access;
  if (!rule) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This operation has no access rule, so it is closed.' });
  }
  const caller = ctx.caller;
  if (!caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  if (!isUserRole(caller.role) || !rule.roles.includes(caller.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not give access to this.' });
  }
  const scope = resolveScope(caller);
  if ((rule.reads ?? 'scoped') === 'scoped' && scope.kind === 'none') {
    throw new TRPCError({ code: 'FORBIDDEN', message: scope.reason });
  }
  const result = await next({ ctx: { caller, scope } });
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  // a write while the agency moves between clusters (CASELOAD_CLUSTERS): 503, "try again in a few minutes"
  if (!result.ok && result.error.cause instanceof AgencyMovingError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
  }
  return result;
});

/**
 * `access({ roles: ['admin', 'director'] })` starts every procedure:
 * the rule is stored in the procedure's meta (so the access-matrix test can read it
 * from the router) and enforced by the guard above.
 */
export function access(rule: AccessRule) {
  return guarded.meta({ access: rule });
}

/**
 * The guarded builder itself. Without `.meta({ access })` a procedure built from it
 * is refused to everyone (the access-matrix test proves it); prefer `access(rule)`.
 */
export const procedure = guarded;
