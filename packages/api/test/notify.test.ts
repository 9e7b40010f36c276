/**
 * Digests and alerts (interfaces.md "Telling people") against a real SMTP server started
 * here (smtp-server): what each user receives, for their scope only, with no client id
 * and (for the board) no staff name; the weekly schedule in the agency's time zone
 * across a restart (each slot's digest made and sent exactly once); a refused send
 * retried with backoff and delivered once; every send in the audit log. Both drivers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { appendSettingsVersion, currentSettings, type DbHandle, setPreference, writeAudit } from '@caseload/db';
import { defaultSettings, type Settings } from '@caseload/metrics';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMailer, type Mailer } from '../src/services/notify/mailer.ts';
import { deliverEmails, latestSlot, makeNotifications, NOTIFY_AUDIT } from '../src/services/notify/index.ts';
import { buildWorld, type World } from './world.ts';

interface Received {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** Decodes a nodemailer text/plain body (quoted-printable or 7bit) to a string. */
function decodeBody(headers: string, body: string): string {
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i] as string;
      if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(c, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
  }
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n');
  return body.replace(/\r\n/g, '\n');
}

function header(headers: string, name: string): string {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return m ? (m[1] as string).trim() : '';
}

/** A real SMTP server on a free port; `refuse(to)` makes the next delivery to `to` fail once. */
async function startSmtp() {
  const received: Received[] = [];
  const refuseOnce = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseOnce.delete(address.address)) return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = raw.slice(0, split);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: header(headers, 'Subject'),
          text: decodeBody(headers, raw.slice(split + 4)),
          messageId: header(headers, 'Message-ID'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    refuse: (to: string) => refuseOnce.add(to),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('the weekly slot is Monday 07:00 in the agency’s time zone, not the server’s', () => {
  // 2025-01-13 is a Monday; 07:00 in New York (EST) is 12:00 UTC, in Honolulu 17:00 UTC
  expect(latestSlot('weekly', 'America/New_York', new Date('2025-01-13T11:59:00Z'))).toEqual({
    at: new Date('2025-01-06T12:00:00Z'),
    date: '2025-01-06',
  });
  expect(latestSlot('weekly', 'America/New_York', new Date('2025-01-13T12:00:00Z'))).toEqual({
    at: new Date('2025-01-13T12:00:00Z'),
    date: '2025-01-13',
  });
  expect(latestSlot('weekly', 'Pacific/Honolulu', new Date('2025-01-13T16:00:00Z')).date).toBe('2025-01-06');
  // daily, and across the change to daylight time (07:00 EDT is 11:00 UTC)
  expect(latestSlot('daily', 'America/New_York', new Date('2025-03-10T11:30:00Z'))).toEqual({
    at: new Date('2025-03-10T11:00:00Z'),
    date: '2025-03-10',
  });
});

describe.each(testDrivers())('digests by email (%s)', (driver) => {
  let h: DbHandle;
  let w: World;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  const baseUrl = 'https://caseload.example.org';
  // figures as of the world's data; "today" for the agency is the slot's date
  const today = () => '2025-01-13';
  const MONDAY_0650 = new Date('2025-01-13T11:50:00Z');
  const MONDAY_0705 = new Date('2025-01-13T12:05:00Z');

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
    smtp = await startSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'Caseload analytics <caseload@example.org>' }) as Mailer;
    // agency B's case manager wants a daily digest; its board member none
    await setPreference(h.db, w.b.agencyId, w.b.users.case_manager.userId, { frequency: 'daily', alerts: true }, MONDAY_0650);
    await setPreference(h.db, w.b.agencyId, w.b.users.board.userId, { frequency: 'off', alerts: true }, MONDAY_0650);
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await h?.close();
  });

  test('across a restart in the send window, each slot’s digest is made and sent once; a refused send is retried once', async () => {
    // 06:50 on Monday: the latest weekly slot is last Monday's — made now (nothing is missed)
    const first = await makeNotifications(h.db, { now: MONDAY_0650, today, mailer });
    // A: 6 users with a scope (the 3 with empty scopes get none); B: 5 (board off; its case manager's daily slot is Sunday's)
    expect(first.digests).toBe(11);
    // the supervisor's mailbox refuses the first delivery
    smtp.refuse(w.a.users.supervisor.email);
    const sent1 = await deliverEmails(h.db, { now: MONDAY_0650, mailer, baseUrl });
    expect(sent1).toEqual({ sent: 10, failed: 1 });

    // the server restarts at 07:05: this Monday's slot (and the daily 07:00) are new; last week's are not made again
    expect((await makeNotifications(h.db, { now: MONDAY_0705, today, mailer })).digests).toBe(11);
    // another restart a minute later finds them all in the ledger
    expect((await makeNotifications(h.db, { now: new Date(MONDAY_0705.getTime() + 60_000), today, mailer })).digests).toBe(0);
    // 07:05 is past the 1-minute backoff: the refused email goes with the new ones
    const sent2 = await deliverEmails(h.db, { now: MONDAY_0705, mailer, baseUrl });
    expect(sent2).toEqual({ sent: 12, failed: 0 });
    expect(await deliverEmails(h.db, { now: new Date(MONDAY_0705.getTime() + 3_600_000), mailer, baseUrl })).toEqual({
      sent: 0,
      failed: 0,
    });

    // one email per user and slot, never two
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = smtp.received.map((m) => `${m.to} ${m.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      smtp.received
        .filter((m) => m.to === w.a.users.supervisor.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Weekly caseload digest, 2025-01-06', 'Weekly caseload digest, 2025-01-13']);
    expect(
      smtp.received
        .filter((m) => m.to === w.b.users.case_manager.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Daily caseload digest, 2025-01-12', 'Daily caseload digest, 2025-01-13']);
    expect(smtp.received.some((m) => m.to === w.b.users.board.email)).toBe(false);

    // every send and the failed attempt are in the audit log
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'agency_id'])
      .where('action', 'like', 'notification.email%')
      .execute();
    expect(audit.filter((a) => a.action === NOTIFY_AUDIT.emailSent)).toHaveLength(smtp.received.length);
    expect(audit.filter((a) => a.action === NOTIFY_AUDIT.emailFailed)).toHaveLength(1);
    expect(smtp.received).toHaveLength(22);
  });

  test('content: counts and links for the user’s scope; no client id anywhere; no staff name for the board', async () => {
    const thisWeek = (email: string) => smtp.received.find((m) => m.to === email && m.subject.endsWith('2025-01-13')) as Received;
    const supervisor = thisWeek(w.a.users.supervisor.email);
    expect(supervisor.text).toContain('Figures for your teams on 2025-01-13.');
    // a supervisor's digest has no agency-wide lines and no standards lines
    expect(supervisor.text).not.toContain('Clients with no case manager');
    expect(supervisor.text).not.toContain('Caseload standards');
    expect(supervisor.text).toContain(`${baseUrl}/worklists?kind=reassessOverdue`);

    // the case manager n1 holds 8 clients; 7 were contacted on 2025-01-10, one never: 1 past its window
    const cm = thisWeek(w.a.users.case_manager.email);
    expect(cm.text).toContain('Figures for your caseload on 2025-01-13.');
    expect(cm.text).toMatch(/- Clients past their contact window: 1 \(no change since your last digest\)/);

    const director = thisWeek(w.a.users.director.email);
    expect(director.text).toContain('Figures for the agency on 2025-01-13.');
    expect(director.text).toContain('- Clients with no case manager: 0');

    const board = thisWeek(w.a.users.board.email);
    expect(board.text).toContain(`${baseUrl}/board`);
    for (const s of [...w.a.staff, ...w.b.staff]) expect(board.text).not.toContain(s.name);
    for (const m of smtp.received) {
      for (const clientId of [...w.a.clientIds, ...w.b.clientIds]) expect(m.text, `${m.to}: ${m.subject}`).not.toContain(clientId);
      for (const s of [...w.a.staff, ...w.b.staff]) expect(m.text).not.toContain(s.staffId);
    }
    // kept for the report: one digest as it was received
    await mkdir('test-results', { recursive: true });
    await writeFile(`test-results/digest-received-${driver}.txt`, `To: ${director.to}\nSubject: ${director.subject}\n\n${director.text}`);
  });

  test('alerts: a standard newly missed (directors and administrators) and a failed import (administrators), once each', async () => {
    const current = await currentSettings<Settings>(h.db, w.a.agencyId);
    await appendSettingsVersion(
      h.db,
      w.a.agencyId,
      {
        ...defaultSettings,
        ...current?.settings,
        caseloadStandards: [{ id: 'tiny', label: 'Load under 1%', kind: 'load_ratio', limit: 0.01, period: 'month', programs: [] }],
      },
      'test',
    );
    await writeAudit(h.db, {
      agencyId: w.a.agencyId,
      userId: null,
      actor: 'admin@example.org',
      action: 'import.failed',
      details: { stage: 'validation' },
      at: MONDAY_0705,
    });
    const before = smtp.received.length;
    const later = new Date(MONDAY_0705.getTime() + 120_000);
    const made = await makeNotifications(h.db, { now: later, today, mailer });
    // the standard's latest ended month (2024-12) was missed: director and admin; the import: admin
    expect(made).toEqual({ digests: 0, alerts: 3 });
    expect(await makeNotifications(h.db, { now: new Date(later.getTime() + 60_000), today, mailer })).toEqual({ digests: 0, alerts: 0 });
    expect(await deliverEmails(h.db, { now: later, mailer, baseUrl })).toEqual({ sent: 3, failed: 0 });
    const alerts = smtp.received.slice(before);
    expect(alerts.map((m) => [m.to, m.subject]).sort()).toEqual(
      [
        [w.a.users.admin.email, 'An import failed on 2025-01-13'],
        [w.a.users.admin.email, 'Caseload standard missed: Load under 1%, 2024-12'],
        [w.a.users.director.email, 'Caseload standard missed: Load under 1%, 2024-12'],
      ].sort(),
    );
    expect(alerts.find((m) => m.to === w.a.users.director.email)?.text).toContain('“Load under 1%” missed in 2024-12');
    for (const m of alerts) for (const clientId of w.a.clientIds) expect(m.text).not.toContain(clientId);
  });
});
