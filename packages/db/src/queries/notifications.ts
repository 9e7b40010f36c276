/**
 * Telling people (interfaces.md "Telling people"): each user's preference and the
 * notifications — digests and alerts — kept one per user and key. The unique key is
 * the ledger that keeps a digest from being missed or made twice across restarts:
 * whoever inserts first makes it; everyone else finds it there. The email's state
 * (pending, sent, failed, off) is on the same row.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, DigestFrequency, EmailStatus } from '../schema.ts';

export interface NotificationPreference {
  frequency: DigestFrequency;
  alerts: boolean;
}

export const DEFAULT_PREFERENCE: NotificationPreference = { frequency: 'weekly', alerts: true };

export async function getPreference(db: Kysely<Database>, agencyId: string, userId: string): Promise<NotificationPreference> {
  const row = await db
    .selectFrom('notification_preferences')
    .select(['frequency', 'alerts'])
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? DEFAULT_PREFERENCE;
}

export async function setPreference(
  db: Kysely<Database>,
  agencyId: string,
  userId: string,
  pref: NotificationPreference,
  now: Date,
): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ agency_id: agencyId, user_id: userId, frequency: pref.frequency, alerts: pref.alerts, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'user_id']).doUpdateSet({ frequency: pref.frequency, alerts: pref.alerts, updated_at: now }),
    )
    .execute();
}

export interface Recipient {
  userId: string;
  email: string;
  role: string;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
  frequency: DigestFrequency;
  alerts: boolean;
}

/** Every enabled user of the agency with their preference (the default where none is saved), by user_id. */
export async function listRecipients(db: Kysely<Database>, agencyId: string): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('notification_preferences as p', (j) =>
      j.onRef('p.agency_id', '=', 'users.agency_id').onRef('p.user_id', '=', 'users.user_id'),
    )
    .select([
      'users.user_id',
      'users.email',
      'users.role',
      'users.team_ids',
      'users.program_ids',
      'users.staff_id',
      'p.frequency',
      'p.alerts',
    ])
    .where('users.agency_id', '=', agencyId)
    .where('users.disabled', '=', false)
    .orderBy(sql`users.user_id collate "C"`)
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    role: r.role,
    teamIds: r.team_ids,
    programIds: r.program_ids,
    staffId: r.staff_id,
    frequency: r.frequency ?? DEFAULT_PREFERENCE.frequency,
    alerts: r.alerts ?? DEFAULT_PREFERENCE.alerts,
  }));
}

export interface NotificationRow {
  notificationId: string;
  userId: string;
  key: string;
  kind: 'digest' | 'alert';
  title: string;
  body: unknown;
  createdAt: Date;
  readAt: Date | null;
  emailStatus: EmailStatus;
  emailAttempts: number;
  emailSentAt: Date | null;
  emailError: string | null;
}

const COLUMNS = [
  'notification_id',
  'user_id',
  'key',
  'kind',
  'title',
  'body',
  'created_at',
  'read_at',
  'email_status',
  'email_attempts',
  'email_sent_at',
  'email_error',
] as const;

function toRow(r: {
  notification_id: string;
  user_id: string;
  key: string;
  kind: 'digest' | 'alert';
  title: string;
  body: unknown;
  created_at: Date;
  read_at: Date | null;
  email_status: EmailStatus;
  email_attempts: number;
  email_sent_at: Date | null;
  email_error: string | null;
}): NotificationRow {
  return {
    notificationId: String(r.notification_id),
    userId: r.user_id,
    key: r.key,
    kind: r.kind,
    title: r.title,
    body: typeof r.body === 'string' ? JSON.parse(r.body) : r.body,
    createdAt: new Date(r.created_at),
    readAt: r.read_at === null ? null : new Date(r.read_at),
    emailStatus: r.email_status,
    emailAttempts: Number(r.email_attempts),
    emailSentAt: r.email_sent_at === null ? null : new Date(r.email_sent_at),
    emailError: r.email_error,
  };
}

/** Whether the user already has a notification with this key. */
export async function hasNotification(db: Kysely<Database>, agencyId: string, userId: string, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('notification_id')
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Makes the notification unless the user already has one with this key; returns the
 * new row, or null when it was there already (made before a restart, or by another process).
 */
export async function insertNotification(
  db: Kysely<Database>,
  agencyId: string,
  n: { userId: string; key: string; kind: 'digest' | 'alert'; title: string; body: unknown; emailStatus: EmailStatus; at: Date },
): Promise<NotificationRow | null> {
  const row = await db
    .insertInto('notifications')
    .values({
      agency_id: agencyId,
      user_id: n.userId,
      key: n.key,
      kind: n.kind,
      title: n.title,
      body: JSON.stringify(n.body),
      created_at: n.at,
      email_status: n.emailStatus,
      email_next_at: n.emailStatus === 'pending' ? n.at : null,
    })
    .onConflict((oc) => oc.columns(['agency_id', 'user_id', 'key']).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toRow(row) : null;
}

/** The user's notifications, newest first. */
export async function listNotifications(db: Kysely<Database>, agencyId: string, userId: string, limit: number): Promise<NotificationRow[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('notification_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/** The user's latest digest before `key` (for "the change since the last digest"). */
export async function previousDigest(
  db: Kysely<Database>,
  agencyId: string,
  userId: string,
  before: Date,
): Promise<NotificationRow | undefined> {
  const row = await db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'digest')
    .where('created_at', '<', before)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function unreadCount(db: Kysely<Database>, agencyId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's notifications read (all of them, or those ids). */
export async function markRead(db: Kysely<Database>, agencyId: string, userId: string, ids: string[] | null, now: Date): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return 0;
    q = q.where('notification_id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface PendingEmail {
  agencyId: string;
  notificationId: string;
  userId: string;
  email: string;
  title: string;
  body: unknown;
  attempts: number;
}

/**
 * Claims up to `limit` pending emails due by `now`: each claimed row's next attempt is
 * moved to `leaseUntil` in the same statement, so a second process (or a run after a
 * crash) does not pick it up while this one is sending.
 */
export async function claimPendingEmails(db: Kysely<Database>, now: Date, leaseUntil: Date, limit: number): Promise<PendingEmail[]> {
  const rows = await sql<{
    agency_id: string;
    notification_id: string;
    user_id: string;
    email: string;
    title: string;
    body: unknown;
    email_attempts: number;
  }>`
    with due as (
      select agency_id, notification_id from notifications
      where email_status = 'pending' and email_next_at <= ${now}
      order by email_next_at, notification_id
      limit ${limit}
      for update skip locked
    )
    update notifications n set email_next_at = ${leaseUntil}
    from due, users u
    where n.agency_id = due.agency_id and n.notification_id = due.notification_id
      and u.agency_id = n.agency_id and u.user_id = n.user_id
    returning n.agency_id, n.notification_id, n.user_id, u.email, n.title, n.body, n.email_attempts
  `.execute(db);
  return rows.rows.map((r) => ({
    agencyId: r.agency_id,
    notificationId: String(r.notification_id),
    userId: r.user_id,
    email: r.email,
    title: r.title,
    body: typeof r.body === 'string' ? JSON.parse(r.body) : r.body,
    attempts: Number(r.email_attempts),
  }));
}

export async function markEmailSent(db: Kysely<Database>, agencyId: string, notificationId: string, now: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({
      email_status: 'sent',
      email_sent_at: now,
      email_next_at: null,
      email_error: null,
      email_attempts: eb('email_attempts', '+', 1),
    }))
    .where('agency_id', '=', agencyId)
    .where('notification_id', '=', notificationId)
    .execute();
}

/** A failed attempt: try again at `retryAt`, or give up (failed) when it is null. */
export async function markEmailAttemptFailed(
  db: Kysely<Database>,
  agencyId: string,
  notificationId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({
      email_status: retryAt === null ? 'failed' : 'pending',
      email_next_at: retryAt,
      email_error: error.slice(0, 500),
      email_attempts: eb('email_attempts', '+', 1),
    }))
    .where('agency_id', '=', agencyId)
    .where('notification_id', '=', notificationId)
    .execute();
}
