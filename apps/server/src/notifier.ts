/**
 * Digests and alerts on a schedule (interfaces.md "Telling people"): a croner job every
 * minute makes what is due — each user's digest for the latest slot of their schedule in
 * the agency's time zone, and immediate alerts — and sends the pending emails. Runs once
 * at start too, so a digest whose slot passed while the server was down is made on the
 * way up; the ledger (the notifications table) keeps it from being made or sent twice.
 */
import { type Clock } from '@caseload/clock';
import { agencyToday, deliverEmails, type Mailer, makeNotifications } from '@caseload/api';
import type { Database } from '@caseload/db';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';

export interface Notifier {
  /** one run (what the schedule does every minute) */
  runOnce(): Promise<void>;
  stop(): void;
}

export function startNotifier(
  db: Kysely<Database>,
  o: { clock: Clock; mailer: Mailer | null; publicUrl: string; logError: (message: string, error?: unknown) => void },
): Notifier {
  const runOnce = async () => {
    const now = o.clock.now();
    try {
      const todays = new Map<string, string>();
      for (const row of await db.selectFrom('agencies').select('agency_id').execute()) {
        todays.set(row.agency_id, await agencyToday(db, row.agency_id, o.clock));
      }
      await makeNotifications(db, {
        now,
        mailer: o.mailer,
        today: (agencyId, zone) => todays.get(agencyId) ?? o.clock.today(zone),
        onUserError: o.logError,
      });
      if (o.mailer) await deliverEmails(db, { now, mailer: o.mailer, baseUrl: o.publicUrl });
    } catch (err) {
      o.logError('digests and alerts: a run failed; the next run tries again', err);
    }
  };
  // protect: a run still going when the next minute comes is not doubled
  const job = new Cron('* * * * *', { protect: true, catch: true }, runOnce);
  void job.trigger();
  return {
    runOnce,
    stop: () => {
      job.stop();
      o.mailer?.close();
    },
  };
}
