/**
 * A small two-agency world for access, tenancy and suppression tests.
 *
 * Agency A ("a"):
 *   programs title3, waiver; teams north (14 clients), south (4 clients: a small cell)
 *   staff n1 (north, 8 title3 clients, tier 2), n2 (north, 3 title3 tier 3 + 3 waiver tier 1),
 *         s1 (south, FTE 0.9, 3 waiver tier 4 + 1 waiver tier 3) — south's weightedHours is
 *         3·6 + 3.5 = 21.5 and its loadRatio 21.5 / 99 = 0.21717171717171718 (both withheld
 *         from the board)
 *   users: one per role (pm: title3; supervisor: north; case manager: n1), plus a
 *          program manager, a supervisor and a case manager with empty scopes
 * Agency B ("b"): the same team and program ids (north, title3) with its own staff and
 *   clients, so a leak across tenants would show; and a team east that A does not have.
 */
import type { Database } from '@caseload/db';
import { type UserRole } from '@caseload/values';
import type { Kysely } from 'kysely';
import type { Caller } from '../src/access.ts';
import { makeAgency, makeCaseload, makeContact, makeProgram, makeStaff, makeTeam, makeUser, uniqueId } from './factories.ts';

export const AS_OF = '2025-01-15';

interface AgencyWorld {
  agencyId: string;
  agencyName: string;
  teamNames: string[];
  programNames: string[];
  staff: Array<{ staffId: string; name: string; teamId: string }>;
  clientIds: string[];
  users: Record<UserRole, Caller>;
}

export interface World {
  a: AgencyWorld & {
    north: string;
    south: string;
    title3: string;
    waiver: string;
    n1: string;
    n2: string;
    s1: string;
    /** values of the south team's withheld cells, as JSON prints them */
    southSuppressedValues: string[];
    /** each member's own load ratio (16/110, 13.5/110, 21.5/99): staff-level, never for the board */
    staffRatios: string[];
    empty: { pm: Caller; supervisor: Caller; cm: Caller };
  };
  /** east exists only in B */
  b: AgencyWorld & { north: string; east: string; title3: string; b1: string };
}

async function usersFor(
  db: Kysely<Database>,
  agencyId: string,
  scope: { teamIds: string[]; programIds: string[]; staffId: string },
): Promise<Record<UserRole, Caller>> {
  return {
    admin: await makeUser(db, agencyId, { role: 'admin' }),
    director: await makeUser(db, agencyId, { role: 'director' }),
    program_manager: await makeUser(db, agencyId, { role: 'program_manager', programIds: scope.programIds }),
    supervisor: await makeUser(db, agencyId, { role: 'supervisor', teamIds: scope.teamIds }),
    case_manager: await makeUser(db, agencyId, { role: 'case_manager', staffId: scope.staffId }),
    board: await makeUser(db, agencyId, { role: 'board' }),
  };
}

export async function buildWorld(db: Kysely<Database>): Promise<World> {
  // ---- agency A
  const aName = `Agency Alpha ${uniqueId('n')}`;
  const a = await makeAgency(db, { name: aName });
  const title3 = await makeProgram(db, a, { programId: 'title3', name: 'Title III Alpha' });
  const waiver = await makeProgram(db, a, { programId: 'waiver', name: 'Waiver Alpha' });
  const north = await makeTeam(db, a, { teamId: 'north', name: 'North Alpha' });
  const south = await makeTeam(db, a, { teamId: 'south', name: 'South Alpha' });
  const n1 = await makeStaff(db, a, { staffId: uniqueId('a-n1'), name: 'Avery Quillfeather', teamId: north });
  const n2 = await makeStaff(db, a, { staffId: uniqueId('a-n2'), name: 'Brook Marlowe', teamId: north });
  const s1 = await makeStaff(db, a, { staffId: uniqueId('a-s1'), name: 'Corin Vandermeer', teamId: south, caseloadFte: 0.9 });
  const clientsA = [
    ...(await makeCaseload(db, a, { staffId: n1, programId: title3, count: 8, tier: 2 })),
    ...(await makeCaseload(db, a, { staffId: n2, programId: title3, count: 3, tier: 3 })),
    ...(await makeCaseload(db, a, { staffId: n2, programId: waiver, count: 3, tier: 1 })),
    ...(await makeCaseload(db, a, { staffId: s1, programId: waiver, count: 3, tier: 4 })),
    ...(await makeCaseload(db, a, { staffId: s1, programId: waiver, count: 1, tier: 3 })),
  ];
  // recent visits for half of north, and for one south client
  for (const clientId of clientsA.slice(0, 7)) await makeContact(db, a, { clientId, staffId: n1, occurredOn: '2025-01-10' });
  await makeContact(db, a, { clientId: clientsA[clientsA.length - 1] as string, staffId: s1, occurredOn: '2025-01-12' });
  const usersA = await usersFor(db, a, { teamIds: [north], programIds: [title3], staffId: n1 });
  const empty = {
    pm: await makeUser(db, a, { role: 'program_manager' }),
    supervisor: await makeUser(db, a, { role: 'supervisor' }),
    cm: await makeUser(db, a, { role: 'case_manager' }),
  };

  // ---- agency B: same team and program ids, different everything else
  const bName = `Agency Beta ${uniqueId('n')}`;
  const b = await makeAgency(db, { name: bName });
  const bTitle3 = await makeProgram(db, b, { programId: 'title3', name: 'Title III Beta' });
  const bNorth = await makeTeam(db, b, { teamId: 'north', name: 'North Beta' });
  const bEast = await makeTeam(db, b, { teamId: 'east', name: 'East Beta' });
  const b1 = await makeStaff(db, b, { staffId: uniqueId('b-1'), name: 'Dalia Oyelaran', teamId: bNorth });
  const clientsB = await makeCaseload(db, b, { staffId: b1, programId: bTitle3, count: 12, tier: 4 });
  const usersB = await usersFor(db, b, { teamIds: [bNorth], programIds: [bTitle3], staffId: b1 });

  return {
    a: {
      agencyId: a,
      agencyName: aName,
      teamNames: ['North Alpha', 'South Alpha'],
      programNames: ['Title III Alpha', 'Waiver Alpha'],
      staff: [
        { staffId: n1, name: 'Avery Quillfeather', teamId: north },
        { staffId: n2, name: 'Brook Marlowe', teamId: north },
        { staffId: s1, name: 'Corin Vandermeer', teamId: south },
      ],
      clientIds: clientsA,
      users: usersA,
      north,
      south,
      title3,
      waiver,
      n1,
      n2,
      s1,
      southSuppressedValues: ['21.5', '0.21717171717171718'],
      staffRatios: ['0.14545454545454545', '0.12272727272727273', '0.21717171717171718'],
      empty,
    },
    b: {
      agencyId: b,
      agencyName: bName,
      teamNames: ['North Beta', 'East Beta'],
      programNames: ['Title III Beta'],
      staff: [{ staffId: b1, name: 'Dalia Oyelaran', teamId: bNorth }],
      clientIds: clientsB,
      users: usersB,
      north: bNorth,
      east: bEast,
      title3: bTitle3,
      b1,
    },
  };
}
