/**
 * Client-level lists for supervisors and case managers: a staff member's caseload
 * drill-down and the Standard 9 work lists (reassessment overdue or due soon, contact
 * overdue, unassigned, uncovered). Ids only: no client names exist here.
 */
import { inTeamScope, type Standard9Scope } from './caseload.ts';
import { clientCompliance } from './compliance.ts';
import { dayNumber } from './dates.ts';
import type { TierKey } from './settings.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type ClientOnDay, type Standard9Rows } from './timeline.ts';
import type { DateString } from './types.ts';

export interface ClientStatus {
  clientId: string;
  programId: string;
  /** holder on D, null when unassigned */
  staffId: string | null;
  /** holder's team; for an unassigned client, the team of the last holder */
  teamId: string | null;
  /** for an unassigned client, the last holder before D (null if never assigned) */
  lastStaffId: string | null;
  heldSince: DateString | null;
  /** held by caseload staff */
  covered: boolean;
  tier: TierKey;
  enrolledOn: DateString;
  lastAssessedOn: DateString | null;
  reassessDue: boolean;
  reassessOverdue: boolean;
  reassessDueSoon: boolean;
  /** next (re)assessment date: latest assessed_on + reassessmentDays[tier], or enrolled_on + initialAssessmentDays */
  reassessDueOn: DateString;
  lastContactOn: DateString | null;
  lastFaceToFaceOn: DateString | null;
  contactDue: boolean;
  /** every due contact requirement is met (false when none is due) */
  contactMet: boolean;
}

export const WORKLIST_KINDS = ['reassessOverdue', 'reassessDueSoon', 'contactOverdue', 'unassigned', 'uncovered'] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

function statusOf(index: Standard9Index, c: ClientOnDay, day: number): ClientStatus {
  const status = clientCompliance(index, c, day);
  const t = c.timeline;
  let lastStaffId: string | null = null;
  if (c.holder === null) {
    for (const s of t.spans) if (s.startDay <= day) lastStaffId = s.staffId;
  }
  const teamStaff = c.holder ?? lastStaffId;
  return {
    clientId: t.client.clientId,
    programId: t.client.programId,
    staffId: c.holder,
    teamId: teamStaff === null ? null : index.teamOn(teamStaff, day),
    lastStaffId,
    heldSince: c.heldSince,
    covered: c.holder !== null && index.isCovering(c.holder, day),
    tier: c.tier,
    enrolledOn: t.client.enrolledOn,
    lastAssessedOn: c.assessment?.assessedOn ?? null,
    reassessDue: status.reassessDue,
    reassessOverdue: status.reassessOverdue,
    reassessDueSoon: status.reassessDueSoon,
    reassessDueOn: status.reassessDueOn,
    lastContactOn: status.lastContactOn,
    lastFaceToFaceOn: status.lastFaceToFaceOn,
    contactDue: status.contactDue,
    contactMet: status.contactMet,
  };
}

export interface StaffClientsInput extends Standard9Rows {
  asOf: DateString;
  settingsVersion: number;
  staffId: string;
}

export interface StaffClients {
  asOf: DateString;
  settingsVersion: number;
  staffId: string;
  teamId: string | null;
  clients: ClientStatus[];
}

/** Caseload(s, D) client by client, by client_id. */
export function computeStaffClients(input: StaffClientsInput): StaffClients {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  return {
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    staffId: input.staffId,
    teamId: index.teamOn(input.staffId, day),
    clients: index
      .clientsOn(day)
      .filter((c) => c.holder === input.staffId)
      .map((c) => statusOf(index, c, day)),
  };
}

export interface WorklistInput extends Standard9Rows, Pick<Standard9Scope, 'teamIds'> {
  asOf: DateString;
  settingsVersion: number;
  kind: WorklistKind;
}

export interface Worklist {
  asOf: DateString;
  settingsVersion: number;
  kind: WorklistKind;
  clients: ClientStatus[];
}

const byDate = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1);

/**
 * Active clients on D that need action, most urgent first:
 * - reassessOverdue / reassessDueSoon: by reassessDueOn;
 * - contactOverdue (a due contact requirement not met): by last contact, never-contacted first;
 * - unassigned (no holder) / uncovered (held by staff who are not caseload staff): by enrolled_on.
 * Ties by client_id. A team filter keeps clients whose holder (or, for an unassigned
 * client, last holder) is in those teams.
 */
export function computeWorklist(input: WorklistInput): Worklist {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  const keep: Record<WorklistKind, (s: ClientStatus) => boolean> = {
    reassessOverdue: (s) => s.reassessOverdue,
    reassessDueSoon: (s) => s.reassessDueSoon,
    contactOverdue: (s) => s.contactDue && !s.contactMet,
    unassigned: (s) => s.staffId === null,
    uncovered: (s) => s.staffId !== null && !s.covered,
  };
  const order: Record<WorklistKind, (x: ClientStatus, y: ClientStatus) => number> = {
    reassessOverdue: (x, y) => byDate(x.reassessDueOn, y.reassessDueOn),
    reassessDueSoon: (x, y) => byDate(x.reassessDueOn, y.reassessDueOn),
    contactOverdue: (x, y) => byDate(x.lastContactOn, y.lastContactOn),
    unassigned: (x, y) => byDate(x.enrolledOn, y.enrolledOn),
    uncovered: (x, y) => byDate(x.enrolledOn, y.enrolledOn),
  };
  const clients = index
    .clientsOn(day)
    .map((c) => statusOf(index, c, day))
    .filter((s) => keep[input.kind](s) && inTeamScope(s.teamId, input.teamIds))
    .sort((x, y) => order[input.kind](x, y) || compareIds(x.clientId, y.clientId));
  return { asOf: input.asOf, settingsVersion: input.settingsVersion, kind: input.kind, clients };
}
