/**
 * settings.preview: what a proposed settings document would move on a day, before it
 * is saved, on a small agency whose figures are worked out by hand below. Read-only:
 * no version, no audit entry, nothing kept in the result cache; once the proposal is
 * saved, the reports show exactly what the preview said. On both drivers.
 *
 * The agency (as of 2025-01-15, caseHoursPerFte 20, other settings the defaults):
 *   team north: m1 (FTE 1) 8 tier-2 clients = 16 h → 16/20 = 0.80 (under)
 *               m2 (FTE 1) 3 tier-3 + 3 tier-1 = 13.5 h → 0.675 (under)
 *               north: 29.5 / 40 = 0.7375 (under)
 *   team south: s1 (FTE 0.9) 3 tier-4 + 1 tier-3 = 21.5 h → 21.5/18 = 1.19444 (critical)
 *   agency: 51 / 58 = 0.87931 (balanced), 1 member over capacity (s1)
 *   contacts: each of m1's 8 clients had a home visit on 2025-01-05 (10 days before);
 *     every client was enrolled 2024-01-01, so every contact requirement is due:
 *     contactRate = 8/18 (m1's clients meet tier 2's 60 and 180 days; nobody else was seen)
 *   assessments: all on 2024-06-01; tiers 3 and 4 (180 days) are overdue (7 clients),
 *     tiers 1 and 2 (365 days) are not: reassessRate = 1 − 7/18 = 11/18
 */
import { createClock } from '@caseload/clock';
import { currentSettings, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings, type Settings } from '@caseload/metrics';
import type { UserRole } from '@caseload/values';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { attachResultCache } from '../src/services/cache.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeCaseload, makeContact, makeProgram, makeStaff, makeTeam, makeUser } from './factories.ts';

const AS_OF = '2025-01-15';

describe.each(testDrivers())('settings.preview on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let m1: string;
  let m2: string;
  let s1: string;
  const users = {} as Record<UserRole, Caller>;
  let otherDirector: Caller;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: AS_OF }) }));
  const saved: Settings = { ...defaultSettings, caseHoursPerFte: 20 };
  const { caseloadStandards: _standards, ...proposable } = saved;
  const propose = (change: Partial<Settings>) => ({ ...proposable, ...change });
  const auditCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('agency_id', '=', agencyId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db, { settings: saved });
    const program = await makeProgram(h.db, agencyId);
    const north = await makeTeam(h.db, agencyId, { teamId: 'north' });
    const south = await makeTeam(h.db, agencyId, { teamId: 'south' });
    m1 = await makeStaff(h.db, agencyId, { staffId: 'm1', teamId: north });
    m2 = await makeStaff(h.db, agencyId, { staffId: 'm2', teamId: north });
    s1 = await makeStaff(h.db, agencyId, { staffId: 's1', teamId: south, caseloadFte: 0.9 });
    const m1Clients = await makeCaseload(h.db, agencyId, { staffId: m1, programId: program, count: 8, tier: 2 });
    await makeCaseload(h.db, agencyId, { staffId: m2, programId: program, count: 3, tier: 3 });
    await makeCaseload(h.db, agencyId, { staffId: m2, programId: program, count: 3, tier: 1 });
    await makeCaseload(h.db, agencyId, { staffId: s1, programId: program, count: 3, tier: 4 });
    await makeCaseload(h.db, agencyId, { staffId: s1, programId: program, count: 1, tier: 3 });
    for (const clientId of m1Clients) await makeContact(h.db, agencyId, { clientId, staffId: m1, occurredOn: '2025-01-05' });
    for (const role of ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] as const) {
      users[role] = await makeUser(h.db, agencyId, {
        role,
        teamIds: role === 'supervisor' ? [north] : [],
        programIds: role === 'program_manager' ? [program] : [],
        staffId: role === 'case_manager' ? m1 : null,
      });
    }
    // another agency with the same team ids: its data never enters this agency's preview
    const other = await makeAgency(h.db, { settings: saved });
    const otherProgram = await makeProgram(h.db, other);
    const otherNorth = await makeTeam(h.db, other, { teamId: 'north' });
    const o1 = await makeStaff(h.db, other, { teamId: otherNorth });
    await makeCaseload(h.db, other, { staffId: o1, programId: otherProgram, count: 12, tier: 4 });
    otherDirector = await makeUser(h.db, other, { role: 'director' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the current settings proposed again: before and after are the hand-computed figures, nobody changes band', async () => {
    const p = await as(users.director).settings.preview({ settings: propose({}) });
    expect(p.asOf).toBe(AS_OF);
    expect(p.fromVersion).toBe(1);
    expect(p.agency.members).toBe(3);
    expect(p.agency.clients).toBe(18);
    for (const side of [p.agency.before, p.agency.after]) {
      expect(side.loadRatio).toBeCloseTo(51 / 58, 12);
      expect(side.band).toBe('balanced');
      expect(side.overCount).toBe(1);
      expect(side.contactRate).toBeCloseTo(8 / 18, 12);
      expect(side.reassessOverdue).toBe(7);
      expect(side.reassessRate).toBeCloseTo(11 / 18, 12);
    }
    const teams = Object.fromEntries(p.teams.map((t) => [t.teamId, t]));
    expect(teams.north?.before.loadRatio).toBeCloseTo(29.5 / 40, 12);
    expect(teams.north?.before.band).toBe('under');
    expect(teams.south?.before.loadRatio).toBeCloseTo(21.5 / 18, 12);
    expect(teams.south?.before.band).toBe('critical');
    expect(p.staffBandChanges).toEqual([]);
  });

  test('fewer case hours per FTE (15): the agency goes critical, north balanced, m1 newly over capacity', async () => {
    const p = await as(users.director).settings.preview({ settings: propose({ caseHoursPerFte: 15 }) });
    expect(p.agency.after.loadRatio).toBeCloseTo(51 / 43.5, 12);
    expect(p.agency.after.band).toBe('critical');
    expect(p.agency.after.overCount).toBe(2);
    const north = p.teams.find((t) => t.teamId === 'north');
    expect(north?.after.loadRatio).toBeCloseTo(29.5 / 30, 12);
    expect(north?.after.band).toBe('balanced');
    expect(north?.after.overCount).toBe(1);
    // s1 stays critical (21.5/13.5) and is not listed; m1 newly over comes first
    expect(p.staffBandChanges.map((s) => [s.staffId, s.before.band, s.after.band])).toEqual([
      [m1, 'under', 'over'],
      [m2, 'under', 'balanced'],
    ]);
    expect(p.staffBandChanges[0]?.after.loadRatio).toBeCloseTo(16 / 15, 12);
    expect(p.staffBandChanges[1]?.after.loadRatio).toBeCloseTo(13.5 / 15, 12);
    // hours per FTE moves no contact or reassessment figure
    expect(p.agency.after.contactRate).toBeCloseTo(8 / 18, 12);
    expect(p.agency.after.reassessOverdue).toBe(7);
  });

  test('a load exactly at "over capacity above" is balanced: tier 2 at 2.5 h puts m1 at 20/20 = 1.00', async () => {
    const p = await as(users.admin).settings.preview({
      settings: propose({ tierHours: { ...defaultSettings.tierHours, '2': 2.5 } }),
    });
    expect(p.staffBandChanges.map((s) => [s.staffId, s.after.loadRatio, s.after.band])).toEqual([[m1, 1, 'balanced']]);
    expect(p.agency.after.loadRatio).toBeCloseTo(55 / 58, 12);
    expect(p.agency.after.overCount).toBe(1);
    const north = p.teams.find((t) => t.teamId === 'north');
    expect(north?.after.loadRatio).toBeCloseTo(33.5 / 40, 12);
    expect(north?.after.band).toBe('under');
  });

  test('contact windows: a visit 10 days ago does not meet a 10-day rule and meets an 11-day one', async () => {
    const rules = (anyDays: number) => ({ ...defaultSettings.contactRules, '2': { anyDays, faceToFaceDays: 180 } });
    const ten = await as(users.director).settings.preview({ settings: propose({ contactRules: rules(10) }) });
    expect(ten.agency.after.contactRate).toBe(0);
    expect(ten.teams.find((t) => t.teamId === 'north')?.after.contactRate).toBe(0);
    const eleven = await as(users.director).settings.preview({ settings: propose({ contactRules: rules(11) }) });
    expect(eleven.agency.after.contactRate).toBeCloseTo(8 / 18, 12);
    // loads do not depend on contact rules
    expect(ten.staffBandChanges).toEqual([]);
  });

  test('longer reassessment intervals for tiers 3 and 4 (365 days): nothing overdue', async () => {
    const p = await as(users.director).settings.preview({
      settings: propose({ reassessmentDays: { 1: 365, 2: 365, 3: 365, 4: 365 } }),
    });
    expect(p.agency.before.reassessOverdue).toBe(7);
    expect(p.agency.after.reassessOverdue).toBe(0);
    expect(p.agency.after.reassessRate).toBe(1);
  });

  test('nothing is saved, audited or kept; once saved, the reports show what the preview said', async () => {
    const cache = attachResultCache(h.db);
    const versionBefore = (await currentSettings(h.db, agencyId))?.version;
    const auditsBefore = await auditCount();
    const proposal = propose({ caseHoursPerFte: 15 });
    const p = await as(users.director).settings.preview({ settings: proposal });
    expect((await currentSettings(h.db, agencyId))?.version).toBe(versionBefore);
    expect(await auditCount()).toBe(auditsBefore);
    expect(cache.stats().entries).toBe(0);

    // the reports still use the saved settings
    const now = await as(users.director).caseload.report({ asOf: AS_OF });
    expect(now.agency?.loadRatio).toBeCloseTo(51 / 58, 12);

    await as(users.director).settings.update({ settings: { ...proposal, caseloadStandards: [] }, expectedVersion: versionBefore });
    const after = await as(users.director).caseload.report({ asOf: AS_OF });
    expect(after.agency?.loadRatio).toBe(p.agency.after.loadRatio);
    expect(after.staff.find((s) => s.staffId === m1)?.band).toBe('over');
    expect(after.teams.find((t) => t.teamId === 'north')?.loadRatio).toBe(p.teams.find((t) => t.teamId === 'north')?.after.loadRatio);
    const compliance = await as(users.director).compliance.report({ asOf: AS_OF });
    expect(compliance.agency?.contactRate).toBe(p.agency.after.contactRate);
    expect(await auditCount()).toBe(auditsBefore + 1);
  });

  test('only those who may save settings may preview them; each agency previews its own data', async () => {
    for (const role of ['program_manager', 'supervisor', 'case_manager', 'board'] as const) {
      await expect(as(users[role]).settings.preview({ settings: propose({}) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const other = await as(otherDirector).settings.preview({ settings: propose({}) });
    expect(other.agency.clients).toBe(12);
    expect(other.agency.members).toBe(1);
    expect(other.staffBandChanges).toEqual([]);
  });

  test('a document the save would refuse is refused here too (bands that do not rise)', async () => {
    await expect(
      as(users.director).settings.preview({ settings: propose({ loadBands: { balancedFrom: 1.1, balancedTo: 1.0, overTo: 1.15 } }) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
