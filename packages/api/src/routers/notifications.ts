/**
 * The notifications page and the header's count (interfaces.md "Telling people"):
 * each user reads only their own notifications and sets only their own preference.
 * Every role, since everyone may get a digest; the digests carry counts and links only.
 */
import { getPreference, listNotifications, markRead, setPreference, unreadCount, writeAudit } from '@caseload/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ALL_ROLES } from '../access.ts';
import { access } from '../trpc.ts';

const id = z.string().regex(/^[0-9]{1,18}$/, 'A notification id is a number.');

export const notificationsRouter = {
  /** The caller's latest notifications, newest first. */
  list: access({ roles: ALL_ROLES, reads: 'account' }).query(async ({ ctx }) => {
    const rows = await listNotifications(ctx.db, ctx.caller.agencyId, ctx.caller.userId, 100);
    return rows.map((r) => ({
      notificationId: r.notificationId,
      kind: r.kind,
      title: r.title,
      body: r.body as {
        asOf: string;
        scope: string;
        lines: Array<{ key: string; label: string; value: number; change: number | null; path: string }>;
      },
      createdAt: r.createdAt.toISOString(),
      read: r.readAt !== null,
      email: r.emailStatus,
    }));
  }),

  /** How many of the caller's notifications are unread (the header's count). */
  unreadCount: access({ roles: ALL_ROLES, reads: 'account' }).query(({ ctx }) =>
    unreadCount(ctx.db, ctx.caller.agencyId, ctx.caller.userId),
  ),

  /** Marks the caller's notifications read: those ids, or all of them. */
  markRead: access({ roles: ALL_ROLES, reads: 'account' })
    .input(z.strictObject({ ids: z.array(id).max(200).optional() }))
    .mutation(async ({ ctx, input }) => ({
      marked: await markRead(ctx.db, ctx.caller.agencyId, ctx.caller.userId, input.ids ?? null, ctx.now()),
    })),

  /** The caller's digest frequency and whether they get immediate alerts by email. */
  preferences: access({ roles: ALL_ROLES, reads: 'account' }).query(({ ctx }) =>
    getPreference(ctx.db, ctx.caller.agencyId, ctx.caller.userId),
  ),

  /** Sets the caller's preference; audited. */
  setPreferences: access({ roles: ALL_ROLES, reads: 'account' })
    .input(
      z.strictObject({ frequency: z.enum(['weekly', 'daily', 'off'], { error: 'Choose weekly, daily or off.' }), alerts: z.boolean() }),
    )
    .mutation(async ({ ctx, input }) => {
      const before = await getPreference(ctx.db, ctx.caller.agencyId, ctx.caller.userId);
      await setPreference(ctx.db, ctx.caller.agencyId, ctx.caller.userId, input, ctx.now());
      await writeAudit(ctx.db, {
        agencyId: ctx.caller.agencyId,
        userId: ctx.caller.userId,
        actor: ctx.caller.email,
        action: 'notification.preferences',
        details: { old: before, new: input },
        at: ctx.now(),
      });
      return input;
    }),
} satisfies TRPCRouterRecord;
