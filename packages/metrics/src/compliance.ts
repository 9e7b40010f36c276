/**
 * Contact standards and reassessment timeliness (metrics.md, Standard 9 and 7), and
 * load versus compliance.
 *
 * Per staff member the counts are over caseload(s, D) for the same staff as the
 * caseload report; a team sums its caseload staff's counts; the agency counts every
 * active client, held or not. Rates are recomputed from summed counts, never averaged.
 */
import { caseloadOn, type CaseloadInput, type CaseloadOnDay, type Standard9Scope } from './caseload.ts';
import { dayNumber, fromDayNumber } from './dates.ts';
import { complementRate, ols, rate } from './stats.ts';
import { Standard9Index, type ClientOnDay } from './timeline.ts';
import type { Tier } from './settings.ts';
import type { ComplianceCounts, ComplianceReport, DateString, LoadComplianceFit } from './types.ts';

/** A reassessment is "due soon" when it falls due within this many days after D. */
export const REASSESS_DUE_SOON_DAYS = 30;

export interface ClientCompliance {
  /** any client contact within anyDays: due, and met */
  anyContactDue: boolean;
  anyContactMet: boolean;
  /** face-to-face within faceToFaceDays: due, and met */
  faceToFaceDue: boolean;
  faceToFaceMet: boolean;
  /** at least one contact requirement is due */
  contactDue: boolean;
  /** contactDue and every due requirement is met */
  contactMet: boolean;
  lastContactOn: DateString | null;
  lastFaceToFaceOn: DateString | null;
  reassessDue: boolean;
  reassessOverdue: boolean;
  reassessDueSoon: boolean;
  /** when the (re)assessment falls due: latest assessed_on + reassessmentDays[tier], or enrolled_on + initialAssessmentDays */
  reassessDueOn: DateString;
}

/** The counted part of a client's status (no dates): what reports and trends tally. */
export interface ComplianceFlags {
  anyContactDue: boolean;
  anyContactMet: boolean;
  faceToFaceDue: boolean;
  faceToFaceMet: boolean;
  contactDue: boolean;
  contactMet: boolean;
  reassessDue: boolean;
  reassessOverdue: boolean;
  reassessDueSoon: boolean;
  /** day number of reassessDueOn */
  dueDay: number;
  lastAny: number | null;
  lastF2f: number | null;
}

/** Contact and reassessment status of one active client on `day`, as day numbers and flags. */
export function complianceFlags(index: Standard9Index, c: ClientOnDay, day: number): ComplianceFlags {
  const s = index.settings;
  const t = c.timeline;
  const rule = s.contactRules[c.tier];
  const lastAny = Standard9Index.lastContactDay(t, day, false);
  const lastF2f = Standard9Index.lastContactDay(t, day, true);
  // Due when enrolled_on ≤ D − N; met when a qualifying contact has D − N < occurred_on ≤ D.
  const anyContactDue = t.enrolledDay <= day - rule.anyDays;
  const anyContactMet = lastAny !== null && lastAny > day - rule.anyDays;
  const faceToFaceDue = t.enrolledDay <= day - rule.faceToFaceDays;
  const faceToFaceMet = lastF2f !== null && lastF2f > day - rule.faceToFaceDays;
  const contactDue = anyContactDue || faceToFaceDue;
  const contactMet = contactDue && (!anyContactDue || anyContactMet) && (!faceToFaceDue || faceToFaceMet);

  let reassessDue: boolean;
  let reassessOverdue: boolean;
  let reassessDueSoon = false;
  let dueDay: number;
  if (c.assessedDay === null) {
    dueDay = t.enrolledDay + s.initialAssessmentDays;
    reassessDue = t.enrolledDay <= day - s.initialAssessmentDays;
    reassessOverdue = reassessDue;
  } else {
    const days = s.reassessmentDays[Number(c.tier) as Tier];
    dueDay = c.assessedDay + days;
    reassessDue = true;
    reassessOverdue = c.assessedDay <= day - days;
    reassessDueSoon = !reassessOverdue && dueDay <= day + REASSESS_DUE_SOON_DAYS;
  }
  return {
    anyContactDue,
    anyContactMet,
    faceToFaceDue,
    faceToFaceMet,
    contactDue,
    contactMet,
    reassessDue,
    reassessOverdue,
    reassessDueSoon,
    dueDay,
    lastAny,
    lastF2f,
  };
}

/** Contact and reassessment status of one active client on `day`. */
export function clientCompliance(index: Standard9Index, c: ClientOnDay, day: number): ClientCompliance {
  const f = complianceFlags(index, c, day);
  return {
    anyContactDue: f.anyContactDue,
    anyContactMet: f.anyContactMet,
    faceToFaceDue: f.faceToFaceDue,
    faceToFaceMet: f.faceToFaceMet,
    contactDue: f.contactDue,
    contactMet: f.contactMet,
    lastContactOn: f.lastAny === null ? null : fromDayNumber(f.lastAny),
    lastFaceToFaceOn: f.lastF2f === null ? null : fromDayNumber(f.lastF2f),
    reassessDue: f.reassessDue,
    reassessOverdue: f.reassessOverdue,
    reassessDueSoon: f.reassessDueSoon,
    reassessDueOn: fromDayNumber(f.dueDay),
  };
}

/** Counts of clients: contact due and met, reassessment due, overdue and due soon. */
export interface ComplianceTally {
  contactDue: number;
  contactMet: number;
  reassessDue: number;
  reassessOverdue: number;
  reassessDueSoon: number;
}

/** A tally of no clients. */
export const zeroTally = (): ComplianceTally => ({ contactDue: 0, contactMet: 0, reassessDue: 0, reassessOverdue: 0, reassessDueSoon: 0 });

/** Counts one client into a tally. */
function count(into: ComplianceTally, c: ComplianceFlags): void {
  into.contactDue += c.contactDue ? 1 : 0;
  into.contactMet += c.contactMet ? 1 : 0;
  into.reassessDue += c.reassessDue ? 1 : 0;
  into.reassessOverdue += c.reassessOverdue ? 1 : 0;
  into.reassessDueSoon += c.reassessDueSoon ? 1 : 0;
}

/** Adds one tally to another (a team sums its members' counts). */
function sumInto(into: ComplianceTally, t: ComplianceTally): void {
  into.contactDue += t.contactDue;
  into.contactMet += t.contactMet;
  into.reassessDue += t.reassessDue;
  into.reassessOverdue += t.reassessOverdue;
  into.reassessDueSoon += t.reassessDueSoon;
}

/** contactRate = met ÷ due; reassessRate = 1 − overdue ÷ due; null on a zero denominator. */
export function complianceCounts(t: ComplianceTally): ComplianceCounts {
  return {
    contactDue: t.contactDue,
    contactMet: t.contactMet,
    contactRate: rate(t.contactMet, t.contactDue),
    reassessDue: t.reassessDue,
    reassessOverdue: t.reassessOverdue,
    reassessDueSoon: t.reassessDueSoon,
    reassessRate: complementRate(t.reassessOverdue, t.reassessDue),
  };
}

export interface ComplianceOnDay {
  caseload: CaseloadOnDay;
  staff: ComplianceReport['staff'];
  teams: ComplianceReport['teams'];
  agency: ComplianceCounts;
  loadComplianceFit: LoadComplianceFit;
}

/** The compliance report's figures on one day (the caseload figures come along). */
export function complianceOn(
  index: Standard9Index,
  day: number,
  scope: Standard9Scope,
  options: { daysOver: boolean } = { daysOver: false },
): ComplianceOnDay {
  const caseload = caseloadOn(index, day, scope, options);
  // caseload(s, D) is exactly the active clients whose holder is s: tally each client once,
  // into the agency and into its holder
  const agencyTally = zeroTally();
  const byHolder = new Map<string, ComplianceTally>();
  for (const c of caseload.loads.active) {
    const status = complianceFlags(index, c, day);
    count(agencyTally, status);
    if (c.holder === null) continue;
    let tally = byHolder.get(c.holder);
    if (!tally) {
      tally = zeroTally();
      byHolder.set(c.holder, tally);
    }
    count(tally, status);
  }
  return { caseload, ...complianceFigures(caseload, byHolder, agencyTally) };
}

/**
 * The compliance report's rows from each holder's tally and the agency's (every active
 * client, held or not): the staff and team counts, and load versus compliance.
 */
export function complianceFigures(
  caseload: Pick<CaseloadOnDay, 'allStaff' | 'teams'>,
  byHolder: ReadonlyMap<string, ComplianceTally>,
  agencyTally: ComplianceTally,
): Omit<ComplianceOnDay, 'caseload'> {
  const staffTallies = caseload.allStaff.map((s) => ({ row: s, tally: byHolder.get(s.staffId) ?? zeroTally() }));

  const teams = caseload.teams.map(({ teamId }) => {
    const tally = zeroTally();
    for (const s of staffTallies) if (s.row.caseloadStaff && s.row.teamId === teamId) sumInto(tally, s.tally);
    return { teamId, ...complianceCounts(tally) };
  });

  const inScope = staffTallies.filter((s) => s.row.inScope);
  const staff = inScope.map((s) => ({ staffId: s.row.staffId, teamId: s.row.teamId, ...complianceCounts(s.tally) }));

  // Load versus compliance: caseload staff (in scope) with contactDue ≥ 1.
  const points = inScope
    .filter((s) => s.row.caseloadStaff && s.tally.contactDue >= 1 && s.row.loadRatio !== null)
    .map((s) => ({ x: s.row.loadRatio as number, y: s.tally.contactMet / s.tally.contactDue }));

  return { staff, teams, agency: complianceCounts(agencyTally), loadComplianceFit: ols(points) };
}

export interface ComplianceInput extends CaseloadInput {
  contacts: NonNullable<CaseloadInput['contacts']>;
}

/** The compliance report of interfaces.md on `asOf`. */
export function computeComplianceReport(input: ComplianceInput): ComplianceReport {
  const index = new Standard9Index(input);
  const r = complianceOn(index, dayNumber(input.asOf), input);
  return {
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    staff: r.staff,
    teams: r.teams,
    agency: r.agency,
    loadComplianceFit: r.loadComplianceFit,
  };
}
