/**
 * Telling people (interfaces.md "Telling people"): digests on each user's schedule in
 * the agency's time zone, immediate alerts (a standard newly missed, to directors and
 * administrators; an import that failed, to administrators), and their emails.
 *
 * Restart-proof by construction: a run looks at the latest slot of each user's
 * schedule (Monday 07:00 or every day at 07:00, in the agency's zone, computed with
 * croner) and makes the digest of that slot unless the ledger (notifications, unique
 * per user and key) already has it. So a server that was down at 07:00 makes it when it
 * comes back, and one that restarts after making it finds it and does nothing. Emails
 * are sent from the ledger's pending rows, claimed with a lease, retried with backoff,
 * marked sent once; every send and every failure is in the audit log.
 */
import { dateInTimeZone } from '@caseload/clock';
import {
  claimPendingEmails,
  type Database,
  hasNotification,
  insertNotification,
  listRecipients,
  markEmailAttemptFailed,
  markEmailSent,
  previousDigest,
  type Recipient,
  writeAudit,
} from '@caseload/db';
import type { DigestFrequency } from '@caseload/db';
import { Cron } from 'croner';
import { type Kysely, sql } from 'kysely';
import { standard9Settings } from '../caseload.ts';
import { standardsSummary } from '../standards.ts';
import { type DigestBody, digestFor, digestText } from './digest.ts';
import type { Mailer } from './mailer.ts';

export { type DigestBody, type DigestLine, digestText } from './digest.ts';

/** Weekly digests: Monday 07:00; daily: every day at 07:00 — in the agency's time zone. */
export const DIGEST_PATTERNS: Record<Exclude<DigestFrequency, 'off'>, string> = { weekly: '0 7 * * 1', daily: '0 7 * * *' };
/** Minutes to wait before each retry of a failed send; after the last, the email is marked failed. */
export const RETRY_MINUTES = [1, 5, 30, 120, 720] as const;
/** How long a claimed email is left to its sender before another run may take it. */
export const SEND_LEASE_MINUTES = 10;
/** Import failures looked back on for alerts. */
const IMPORT_ALERT_DAYS = 7;

export const NOTIFY_AUDIT = {
  digest: 'notification.digest',
  alert: 'notification.alert',
  emailSent: 'notification.email_sent',
  emailFailed: 'notification.email_failed',
} as const;

/** The latest time ≤ now of a schedule in a time zone (croner), and that time's local date. */
export function latestSlot(frequency: Exclude<DigestFrequency, 'off'>, timeZone: string, now: Date): { at: Date; date: string } {
  const cron = new Cron(DIGEST_PATTERNS[frequency], { timezone: timeZone, paused: true });
  // the schedule's runs in the 8 days before now: the last of them is the latest slot
  const runs = cron.nextRuns(16, new Date(now.getTime() - 8 * 86_400_000)).filter((d) => d.getTime() <= now.getTime());
  cron.stop();
  const at = runs.at(-1);
  if (!at) throw new Error(`no ${frequency} slot in the 8 days before ${now.toISOString()}`);
  return { at, date: dateInTimeZone(at, timeZone) };
}

export interface NotifyOptions {
  now: Date;
  /** the agency's "today" for figures (the clock's pinned date when set, else the date in its zone) */
  today: (agencyId: string, timeZone: string) => string;
  /** null: email is off (SMTP_URL unset); notifications still appear in the product */
  mailer: Mailer | null;
  /** one user's digest that could not be made; the others are still made (default: thrown) */
  onUserError?: (message: string, error: unknown) => void;
}

export interface NotifyResult {
  digests: number;
  alerts: number;
}

async function agencyIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('agencies')
    .select('agency_id')
    .orderBy(sql`agency_id collate "C"`)
    .execute();
  return rows.map((r) => r.agency_id);
}

/** Makes every digest and alert now due, in every agency. */
export async function makeNotifications(db: Kysely<Database>, o: NotifyOptions): Promise<NotifyResult> {
  const total: NotifyResult = { digests: 0, alerts: 0 };
  for (const agencyId of await agencyIds(db)) {
    const r = await makeAgencyNotifications(db, agencyId, o);
    total.digests += r.digests;
    total.alerts += r.alerts;
  }
  return total;
}

export async function makeAgencyNotifications(db: Kysely<Database>, agencyId: string, o: NotifyOptions): Promise<NotifyResult> {
  const { settings } = await standard9Settings(db, agencyId);
  const zone = settings.timeZone;
  const today = o.today(agencyId, zone);
  const recipients = await listRecipients(db, agencyId);
  const emailStatus = o.mailer ? 'pending' : 'off';
  let digests = 0;
  let alerts = 0;

  for (const r of recipients) {
    if (r.frequency === 'off') continue;
    const slot = latestSlot(r.frequency, zone, o.now);
    const key = `digest:${r.frequency}:${slot.date}`;
    if (await hasNotification(db, agencyId, r.userId, key)) continue;
    let body: DigestBody | null;
    try {
      const prev = await previousDigest(db, agencyId, r.userId, o.now);
      body = await digestFor(db, agencyId, r, today, (prev?.body as DigestBody | undefined) ?? null);
    } catch (err) {
      // one user's scope that cannot be read (a team removed, a staff link gone) must not
      // hold back everyone else's digest: say so and go on; the next run tries again
      if (!o.onUserError) throw err;
      o.onUserError(`the digest of user ${r.userId} in agency ${agencyId} could not be made`, err);
      continue;
    }
    if (!body) continue;
    const title = `${r.frequency === 'weekly' ? 'Weekly' : 'Daily'} caseload digest, ${slot.date}`;
    const made = await insertNotification(db, agencyId, { userId: r.userId, key, kind: 'digest', title, body, emailStatus, at: o.now });
    if (!made) continue;
    digests += 1;
    await writeAudit(db, {
      agencyId,
      userId: null,
      actor: 'system',
      action: NOTIFY_AUDIT.digest,
      details: { notificationId: made.notificationId, userId: r.userId, key, email: emailStatus },
      at: o.now,
    });
  }

  alerts += await standardAlerts(db, agencyId, recipients, today, emailStatus, o.now);
  alerts += await importAlerts(db, agencyId, recipients, emailStatus, o.now);
  return { digests, alerts };
}

async function alert(
  db: Kysely<Database>,
  agencyId: string,
  to: Recipient[],
  key: string,
  title: string,
  body: DigestBody,
  emailStatus: 'pending' | 'off',
  now: Date,
): Promise<number> {
  let n = 0;
  for (const r of to) {
    const made = await insertNotification(db, agencyId, {
      userId: r.userId,
      key,
      kind: 'alert',
      title,
      body,
      emailStatus: r.alerts ? emailStatus : 'off',
      at: now,
    });
    if (!made) continue;
    n += 1;
    await writeAudit(db, {
      agencyId,
      userId: null,
      actor: 'system',
      action: NOTIFY_AUDIT.alert,
      details: { notificationId: made.notificationId, userId: r.userId, key, email: r.alerts ? emailStatus : 'off' },
      at: now,
    });
  }
  return n;
}

/** A standard missed in its latest ended period: once per rule and period, to directors and administrators. */
async function standardAlerts(
  db: Kysely<Database>,
  agencyId: string,
  recipients: Recipient[],
  today: string,
  emailStatus: 'pending' | 'off',
  now: Date,
): Promise<number> {
  const to = recipients.filter((r) => r.role === 'director' || r.role === 'admin');
  if (to.length === 0) return 0;
  const summary = await standardsSummary(db, agencyId, { asOf: today });
  let n = 0;
  for (const s of summary.report.standards) {
    const ended = s.periods.filter((p) => p.end < today);
    const last = ended.at(-1);
    if (!last?.missed) continue;
    const body: DigestBody = {
      asOf: today,
      scope: 'the agency',
      lines: [
        {
          key: 'standardsMissed',
          label: `“${s.label}” missed in ${last.period}${last.correctionDue ? ` (${last.consecutiveMisses} in a row: a plan of correction is due)` : ''}`,
          value: last.consecutiveMisses,
          change: null,
          path: '/standards',
        },
      ],
    };
    n += await alert(
      db,
      agencyId,
      to,
      `alert:standard:${s.id}:${last.period}`,
      `Caseload standard missed: ${s.label}, ${last.period}`,
      body,
      emailStatus,
      now,
    );
  }
  return n;
}

/** An import that failed (audited as import.failed) in the last 7 days: once per failure, to administrators. */
async function importAlerts(
  db: Kysely<Database>,
  agencyId: string,
  recipients: Recipient[],
  emailStatus: 'pending' | 'off',
  now: Date,
): Promise<number> {
  const to = recipients.filter((r) => r.role === 'admin');
  if (to.length === 0) return 0;
  const since = new Date(now.getTime() - IMPORT_ALERT_DAYS * 86_400_000);
  const failures = await db
    .selectFrom('audit_log')
    .select(['audit_id', 'at'])
    .where('agency_id', '=', agencyId)
    .where('action', '=', 'import.failed')
    .where('at', '>=', since)
    .orderBy('audit_id')
    .execute();
  let n = 0;
  for (const f of failures) {
    const on = new Date(f.at).toISOString().slice(0, 10);
    const body: DigestBody = {
      asOf: on,
      scope: 'the agency',
      lines: [
        {
          key: 'importFailed',
          label: 'An import failed: nothing was imported; the import page says why',
          value: 1,
          change: null,
          path: '/admin/imports',
        },
      ],
    };
    n += await alert(db, agencyId, to, `alert:import:${f.audit_id}`, `An import failed on ${on}`, body, emailStatus, now);
  }
  return n;
}

export interface DeliverOptions {
  now: Date;
  mailer: Mailer;
  /** the dashboard's address, for the links in emails */
  baseUrl: string;
  /** most emails claimed in one run */
  batch?: number;
}

/** Sends the pending emails that are due; returns how many were sent and how many attempts failed. */
export async function deliverEmails(db: Kysely<Database>, o: DeliverOptions): Promise<{ sent: number; failed: number }> {
  const lease = new Date(o.now.getTime() + SEND_LEASE_MINUTES * 60_000);
  const claimed = await claimPendingEmails(db, o.now, lease, o.batch ?? 50);
  let sent = 0;
  let failed = 0;
  for (const e of claimed) {
    const body = e.body as DigestBody;
    const text = digestText(body, { title: e.title, baseUrl: o.baseUrl, preferencesPath: '/notifications' });
    try {
      await o.mailer.send({
        to: e.email,
        subject: e.title,
        text,
        messageId: `<notification-${e.agencyId}-${e.notificationId}@caseload.invalid>`,
      });
      await markEmailSent(db, e.agencyId, e.notificationId, o.now);
      await writeAudit(db, {
        agencyId: e.agencyId,
        userId: null,
        actor: 'system',
        action: NOTIFY_AUDIT.emailSent,
        details: { notificationId: e.notificationId, userId: e.userId, attempt: e.attempts + 1 },
        at: o.now,
      });
      sent += 1;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const wait = RETRY_MINUTES[e.attempts];
      const retryAt = wait === undefined ? null : new Date(o.now.getTime() + wait * 60_000);
      await markEmailAttemptFailed(db, e.agencyId, e.notificationId, message, retryAt);
      await writeAudit(db, {
        agencyId: e.agencyId,
        userId: null,
        actor: 'system',
        action: NOTIFY_AUDIT.emailFailed,
        details: {
          notificationId: e.notificationId,
          userId: e.userId,
          attempt: e.attempts + 1,
          error: message.slice(0, 200),
          retryAt: retryAt?.toISOString() ?? null,
        },
        at: o.now,
      });
      failed += 1;
    }
  }
  return { sent, failed };
}
