/**
 * The auditor's reference model: every metric of docs/metrics.md (and the specification it was written from) computed
 * literally from the raw CSV rows, with the default settings of metrics.md written
 * out here (settings version 1). Nothing of @caseload/metrics, @caseload/api or
 * @caseload/db is used; clarity over speed — days and clients are looped over as the
 * definitions read.
 *
 * Readings chosen where metrics.md leaves room (see the report of this work):
 * - Ratio thresholds (1.00, 0.85, 1.15) are compared exactly, in integers at a scale
 *   of 1/1000 hour (tier hours are multiples of 0.5, capacity = FTE × 110 with FTE
 *   given to two decimals), so "exactly 1.15 is over" holds even where 126.5 / 110 is
 *   not exactly 1.15 in binary floating point.
 * - Pearson r is null when the contact rates have no variance (0 / 0), never NaN.
 * - Functional change: `a` is the latest assessment before `b` by (assessed_on,
 *   assessment_id) whatever its fields; the pair counts only when both have adl set.
 * - pendingOver30 as of T: referred_on ≤ T − 30 and (started_on null or > T), over
 *   all referrals (also those of closed clients).
 * - Feedback by team: a response counts for the team of its staff on received_on
 *   (the period in force then, or staff.team_id for a member without periods);
 *   responses without staff or whose staff has no team count for no team.
 * - Capacity over time: staff_periods.csv, capacity_reductions.csv and
 *   workload_items.csv are optional (absent: none). Every term is taken on the day
 *   (team, FTE, employed, reductions, items). Hours stay multiples of 1/1000 h for the
 *   data checked here (percents and hours with at most one decimal on FTEs of two), so
 *   the exact integer comparison of ratios is kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CsvRecord, readCsv } from './csv.ts';

// ---------- settings: the defaults of metrics.md ----------
type Tier = 1 | 2 | 3 | 4 | 'unassessed';
const TIER_HOURS: Record<string, number> = { '1': 1.0, '2': 2.0, '3': 3.5, '4': 6.0, unassessed: 2.0 };
const CASE_HOURS_PER_FTE = 110;
/** [any client contact within, face-to-face within] in days */
const CONTACT_RULES: Record<string, [number, number]> = {
  '1': [90, 365],
  '2': [60, 180],
  unassessed: [60, 180],
  '3': [30, 90],
  '4': [30, 30],
};
const REASSESSMENT_DAYS: Record<string, number> = { '1': 365, '2': 365, '3': 180, '4': 180 };
const INITIAL_ASSESSMENT_DAYS = 30;
const QA_PASS_SCORE = 85;
const CLIENT_CONTACT_MODES = new Set(['home_visit', 'office_visit', 'phone', 'video']);
const FACE_TO_FACE_MODES = new Set(['home_visit', 'office_visit']);

// ---------- dates ----------
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const inPeriod = (date: string | null, from: string, to: string) => date !== null && from <= date && date <= to;
/** the last day of month 'YYYY-MM' */
function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

// ---------- the raw rows ----------
interface Staff {
  staffId: string;
  teamId: string | null;
  fte: number;
  active: boolean;
}
interface Period {
  staffId: string;
  startOn: string;
  endOn: string | null;
  fte: number;
  teamId: string | null;
}
interface Reduction {
  staffId: string;
  startOn: string;
  endOn: string | null;
  percent: number | null;
  hours: number | null;
}
interface Item {
  staffId: string;
  startOn: string;
  endOn: string | null;
  hours: number;
}
interface Client {
  clientId: string;
  programId: string;
  enrolledOn: string;
  closedOn: string | null;
  closureReason: string | null;
}
interface Assignment {
  clientId: string;
  staffId: string;
  startOn: string;
  endOn: string | null;
}
interface Assessment {
  assessmentId: string;
  clientId: string;
  assessedOn: string;
  adl: number | null;
  iadl: number | null;
  cognitive: boolean | null;
  livesAlone: boolean | null;
  hospital: boolean | null;
  aps: boolean | null;
  behavioral: boolean | null;
  acuityTier: number | null;
}
interface Contact {
  clientId: string;
  occurredOn: string;
  mode: string;
  minutes: number | null;
}
interface Goal {
  status: string;
  resolvedOn: string | null;
}
interface Referral {
  providerId: string;
  referredOn: string;
  startedOn: string | null;
}
interface Invitation {
  invitationId: string;
  sentOn: string;
}
interface Response {
  invitationId: string | null;
  programId: string;
  staffId: string | null;
  providerId: string | null;
  receivedOn: string;
  q: Array<number | null>; // q1..q8 at 0..7
}
interface Review {
  reviewedOn: string;
  score: number;
  correctiveAction: string | null;
  actionDueOn: string | null;
  actionClosedOn: string | null;
}

const str = (r: CsvRecord, k: string): string => {
  const v = r[k];
  if (v === null || v === undefined) throw new Error(`missing ${k}`);
  return v;
};
const opt = (r: CsvRecord, k: string): string | null => r[k] ?? null;
const num = (r: CsvRecord, k: string): number | null => (r[k] == null ? null : Number(r[k]));
const bool = (r: CsvRecord, k: string): boolean | null => (r[k] == null ? null : r[k] === 'true');

export interface Agency {
  teamIds: string[];
  providerIds: string[];
  staff: Staff[];
  periodsByStaff: Map<string, Period[]>;
  reductionsByStaff: Map<string, Reduction[]>;
  itemsByStaff: Map<string, Item[]>;
  clients: Client[];
  assignmentsByClient: Map<string, Assignment[]>;
  assessmentsByClient: Map<string, Assessment[]>;
  contactsByClient: Map<string, Contact[]>;
  goals: Goal[];
  referrals: Referral[];
  invitations: Invitation[];
  responses: Response[];
  reviews: Review[];
}

function groupBy<T>(rows: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export function loadAgency(dir: string): Agency {
  const staff = readCsv(dir, 'staff.csv').map((r) => ({
    staffId: str(r, 'staff_id'),
    teamId: opt(r, 'team_id'),
    fte: Number(str(r, 'caseload_fte')),
    active: r.active == null ? true : r.active === 'true', // active defaults to true (domain.md)
  }));
  const assessments = readCsv(dir, 'assessments.csv').map((r) => ({
    assessmentId: str(r, 'assessment_id'),
    clientId: str(r, 'client_id'),
    assessedOn: str(r, 'assessed_on'),
    adl: num(r, 'adl_deficits'),
    iadl: num(r, 'iadl_deficits'),
    cognitive: bool(r, 'cognitive_impairment'),
    livesAlone: bool(r, 'lives_alone'),
    hospital: bool(r, 'recent_hospitalization'),
    aps: bool(r, 'aps_involvement'),
    behavioral: bool(r, 'behavioral_health'),
    acuityTier: num(r, 'acuity_tier'),
  }));
  const optional = (file: string) => (existsSync(join(dir, file)) ? readCsv(dir, file) : []);
  return {
    teamIds: readCsv(dir, 'teams.csv').map((r) => str(r, 'team_id')),
    providerIds: readCsv(dir, 'providers.csv').map((r) => str(r, 'provider_id')),
    staff,
    periodsByStaff: groupBy(
      optional('staff_periods.csv').map((r) => ({
        staffId: str(r, 'staff_id'),
        startOn: str(r, 'start_on'),
        endOn: opt(r, 'end_on'),
        fte: Number(str(r, 'caseload_fte')),
        teamId: opt(r, 'team_id'),
      })),
      (x) => x.staffId,
    ),
    reductionsByStaff: groupBy(
      optional('capacity_reductions.csv').map((r) => ({
        staffId: str(r, 'staff_id'),
        startOn: str(r, 'start_on'),
        endOn: opt(r, 'end_on'),
        percent: num(r, 'percent'),
        hours: num(r, 'hours_per_month'),
      })),
      (x) => x.staffId,
    ),
    itemsByStaff: groupBy(
      optional('workload_items.csv').map((r) => ({
        staffId: str(r, 'staff_id'),
        startOn: str(r, 'start_on'),
        endOn: opt(r, 'end_on'),
        hours: Number(str(r, 'hours_per_month')),
      })),
      (x) => x.staffId,
    ),
    clients: readCsv(dir, 'clients.csv').map((r) => ({
      clientId: str(r, 'client_id'),
      programId: str(r, 'program_id'),
      enrolledOn: str(r, 'enrolled_on'),
      closedOn: opt(r, 'closed_on'),
      closureReason: opt(r, 'closure_reason'),
    })),
    assignmentsByClient: groupBy(
      readCsv(dir, 'assignments.csv').map((r) => ({
        clientId: str(r, 'client_id'),
        staffId: str(r, 'staff_id'),
        startOn: str(r, 'start_on'),
        endOn: opt(r, 'end_on'),
      })),
      (a) => a.clientId,
    ),
    assessmentsByClient: groupBy(assessments, (a) => a.clientId),
    contactsByClient: groupBy(
      readCsv(dir, 'contacts.csv').map((r) => ({
        clientId: str(r, 'client_id'),
        occurredOn: str(r, 'occurred_on'),
        mode: str(r, 'mode'),
        minutes: num(r, 'minutes'),
      })),
      (c) => c.clientId,
    ),
    goals: readCsv(dir, 'goals.csv').map((r) => ({ status: str(r, 'status'), resolvedOn: opt(r, 'resolved_on') })),
    referrals: readCsv(dir, 'referrals.csv').map((r) => ({
      providerId: str(r, 'provider_id'),
      referredOn: str(r, 'referred_on'),
      startedOn: opt(r, 'started_on'),
    })),
    invitations: readCsv(dir, 'survey_invitations.csv').map((r) => ({ invitationId: str(r, 'invitation_id'), sentOn: str(r, 'sent_on') })),
    responses: readCsv(dir, 'survey_responses.csv').map((r) => ({
      invitationId: opt(r, 'invitation_id'),
      programId: str(r, 'program_id'),
      staffId: opt(r, 'staff_id'),
      providerId: opt(r, 'provider_id'),
      receivedOn: str(r, 'received_on'),
      q: [1, 2, 3, 4, 5, 6, 7, 8].map((k) => num(r, `q${k}`)),
    })),
    reviews: readCsv(dir, 'qa_reviews.csv').map((r) => ({
      reviewedOn: str(r, 'reviewed_on'),
      score: Number(str(r, 'score')),
      correctiveAction: opt(r, 'corrective_action'),
      actionDueOn: opt(r, 'action_due_on'),
      actionClosedOn: opt(r, 'action_closed_on'),
    })),
  };
}

// ---------- who is on whose caseload ----------
const isActive = (c: Client, D: string) => c.enrolledOn <= D && (c.closedOn === null || c.closedOn > D);

function holder(agency: Agency, clientId: string, D: string): string | null {
  const holders = (agency.assignmentsByClient.get(clientId) ?? []).filter((a) => a.startOn <= D && (a.endOn === null || a.endOn > D));
  if (holders.length > 1) throw new Error(`client ${clientId} has ${holders.length} holders on ${D}`);
  return holders[0]?.staffId ?? null;
}

/** active on D: start_on ≤ D and (end_on null or end_on > D) — periods, reductions and items alike */
const inForce = (x: { startOn: string; endOn: string | null }, D: string) => x.startOn <= D && (x.endOn === null || x.endOn > D);

/** The latest assessment with assessed_on ≤ D; ties: greatest assessment_id by byte order. */
function latestAssessment(agency: Agency, clientId: string, D: string): Assessment | null {
  let best: Assessment | null = null;
  for (const a of agency.assessmentsByClient.get(clientId) ?? []) {
    if (a.assessedOn > D) continue;
    if (
      best === null ||
      a.assessedOn > best.assessedOn ||
      (a.assessedOn === best.assessedOn && byteCompare(a.assessmentId, best.assessmentId) > 0)
    )
      best = a;
  }
  return best;
}

function byteCompare(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

function tierOf(a: Assessment | null): Tier {
  if (a === null) return 'unassessed';
  if (a.acuityTier !== null) return a.acuityTier as Tier;
  const n = (v: number | null) => v ?? 0;
  const b = (v: boolean | null) => (v ? 1 : 0);
  const score =
    2 * n(a.adl) + n(a.iadl) + 3 * b(a.cognitive) + 2 * b(a.livesAlone) + 3 * b(a.hospital) + 4 * b(a.aps) + 2 * b(a.behavioral);
  let tier: 1 | 2 | 3 | 4 = score <= 5 ? 1 : score <= 11 ? 2 : score <= 19 ? 3 : 4;
  if (a.aps === true && tier < 3) tier = 3;
  return tier;
}

// ---------- Standard 9: caseload ----------
/** hours in integer thousandths: exact for the default settings (see the header). */
const milli = (hours: number) => Math.round(hours * 1000);
/** weighted / capacity > threshold, exactly; threshold given in hundredths (100 = 1.00). */
const ratioAbove = (weighted: number, capacity: number, hundredths: number) =>
  capacity > 0 && 100 * milli(weighted) > hundredths * milli(capacity);
const ratioBelow = (weighted: number, capacity: number, hundredths: number) => 100 * milli(weighted) < hundredths * milli(capacity);

function band(weighted: number, capacity: number): string | null {
  if (capacity === 0) return null;
  if (ratioBelow(weighted, capacity, 85)) return 'under';
  if (!ratioAbove(weighted, capacity, 100)) return 'balanced'; // exactly 1.00 is balanced
  if (!ratioAbove(weighted, capacity, 115)) return 'over'; // exactly 1.15 is over
  return 'critical';
}

interface DayState {
  /** staffId → clients held on D */
  held: Map<string, Client[]>;
  unassigned: number;
}

export class Model {
  private days = new Map<string, DayState>();
  constructor(readonly agency: Agency) {}

  private staffById(id: string): Staff | undefined {
    return this.agency.staff.find((s) => s.staffId === id);
  }

  /** team(s, D), fte(s, D) and employed on D (metrics.md "Staff on a date") */
  on(s: Staff, D: string): { teamId: string | null; fte: number; employed: boolean } {
    const periods = this.agency.periodsByStaff.get(s.staffId);
    if (!periods) return { teamId: s.teamId, fte: s.fte, employed: s.active };
    const p = periods.find((x) => inForce(x, D));
    return p ? { teamId: p.teamId, fte: p.fte, employed: true } : { teamId: null, fte: 0, employed: false };
  }

  isCaseloadStaff(s: Staff, D: string): boolean {
    const o = this.on(s, D);
    return o.employed && o.fte > 0;
  }

  /** P and H: Σ percent and Σ hours_per_month of the reductions active on D */
  reductions(s: Staff, D: string): { P: number; H: number } {
    let P = 0;
    let H = 0;
    for (const r of this.agency.reductionsByStaff.get(s.staffId) ?? []) {
      if (!inForce(r, D)) continue;
      P += r.percent ?? 0;
      H += r.hours ?? 0;
    }
    return { P, H };
  }

  baseCapacityHours(s: Staff, D: string): number {
    return this.isCaseloadStaff(s, D) ? this.on(s, D).fte * CASE_HOURS_PER_FTE : 0;
  }

  otherHours(s: Staff, D: string): number {
    return (this.agency.itemsByStaff.get(s.staffId) ?? []).filter((i) => inForce(i, D)).reduce((a, i) => a + i.hours, 0);
  }

  day(D: string): DayState {
    const cached = this.days.get(D);
    if (cached) return cached;
    const held = new Map<string, Client[]>();
    let unassigned = 0;
    for (const c of this.agency.clients) {
      if (!isActive(c, D)) continue;
      const h = holder(this.agency, c.clientId, D);
      if (h === null) {
        unassigned += 1;
        continue;
      }
      held.set(h, [...(held.get(h) ?? []), c]);
    }
    const state = { held, unassigned };
    this.days.set(D, state);
    return state;
  }

  weightedHours(staffId: string, D: string): number {
    let sum = 0;
    for (const c of this.day(D).held.get(staffId) ?? []) sum += TIER_HOURS[String(tierOf(latestAssessment(this.agency, c.clientId, D)))]!;
    return sum;
  }

  /** max(0, base × (1 − min(100, P) / 100) − H) */
  capacityHours(s: Staff, D: string): number {
    const base = this.baseCapacityHours(s, D);
    const { P, H } = this.reductions(s, D);
    if (P === 0 && H === 0) return base;
    return Math.max(0, base * (1 - Math.min(100, P) / 100) - H);
  }

  workloadHours(s: Staff, D: string): number {
    return this.weightedHours(s.staffId, D) + this.otherHours(s, D);
  }

  /** every caseload staff member and anyone else holding clients on D */
  reportStaff(D: string): Staff[] {
    const holders = this.day(D).held;
    return this.agency.staff.filter((s) => this.isCaseloadStaff(s, D) || (holders.get(s.staffId)?.length ?? 0) > 0);
  }

  caseload(D: string) {
    const staff = this.reportStaff(D).map((s) => {
      const clients = this.day(D).held.get(s.staffId) ?? [];
      const tierCounts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
      for (const c of clients) tierCounts[String(tierOf(latestAssessment(this.agency, c.clientId, D)))]! += 1;
      const weightedHours = this.weightedHours(s.staffId, D);
      const otherHours = this.otherHours(s, D);
      const workloadHours = weightedHours + otherHours;
      const capacityHours = this.capacityHours(s, D);
      let daysOverCapacity90 = 0;
      // days d in (D − 90, D], every term taken on d
      for (let k = 0; k < 90; k++) {
        const d = addDays(D, -k);
        if (ratioAbove(this.workloadHours(s, d), this.capacityHours(s, d), 100)) daysOverCapacity90 += 1;
      }
      const { P, H } = this.reductions(s, D);
      return {
        staffId: s.staffId,
        teamId: this.on(s, D).teamId,
        clients: clients.length,
        tierCounts,
        weightedHours,
        otherHours,
        workloadHours,
        fte: this.on(s, D).fte,
        baseCapacityHours: this.baseCapacityHours(s, D),
        reductionPercent: P,
        reductionHours: H,
        capacityHours,
        loadRatio: capacityHours > 0 ? workloadHours / capacityHours : null,
        band: band(workloadHours, capacityHours),
        daysOverCapacity90,
      };
    });
    const group = (members: Staff[]) => {
      const rows = members.map((m) => staff.find((r) => r.staffId === m.staffId)!);
      const clients = rows.reduce((a, r) => a + r.clients, 0);
      const weightedHours = rows.reduce((a, r) => a + r.weightedHours, 0);
      const otherHours = rows.reduce((a, r) => a + r.otherHours, 0);
      const workloadHours = weightedHours + otherHours;
      const capacityHours = rows.reduce((a, r) => a + r.capacityHours, 0);
      // the member statistics skip members whose ratio is null (no capacity)
      const ratios = rows.filter((r) => r.loadRatio !== null).map((r) => r.loadRatio as number);
      const mean = ratios.length > 0 ? ratios.reduce((a, x) => a + x, 0) / ratios.length : 0;
      const sd = ratios.length > 0 ? Math.sqrt(ratios.reduce((a, x) => a + (x - mean) ** 2, 0) / ratios.length) : 0;
      return {
        members: rows.length,
        clients,
        weightedHours,
        otherHours,
        workloadHours,
        capacityHours,
        loadRatio: capacityHours > 0 ? workloadHours / capacityHours : null,
        maxLoadRatio: ratios.length > 0 ? Math.max(...ratios) : null,
        minLoadRatio: ratios.length > 0 ? Math.min(...ratios) : null,
        overCount: rows.filter((r) => ratioAbove(r.workloadHours, r.capacityHours, 100)).length,
        cv: ratios.length < 2 || mean === 0 ? null : sd / mean,
      };
    };
    const caseloadStaff = this.agency.staff.filter((s) => this.isCaseloadStaff(s, D));
    let uncovered = 0;
    for (const [staffId, clients] of this.day(D).held) {
      const s = this.staffById(staffId);
      // held by someone who is not caseload staff on D, or who has no capacity on D
      if (!s || !this.isCaseloadStaff(s, D) || this.capacityHours(s, D) === 0) uncovered += clients.length;
    }
    return {
      asOf: D,
      settingsVersion: 1,
      staff,
      teams: this.agency.teamIds.map((teamId) => ({ teamId, ...group(caseloadStaff.filter((s) => this.on(s, D).teamId === teamId)) })),
      agency: { ...group(caseloadStaff), unassigned: this.day(D).unassigned, uncovered },
    };
  }

  tier(clientId: string, D: string): Tier {
    return tierOf(latestAssessment(this.agency, clientId, D));
  }

  // ---------- Standard 9: compliance ----------
  clientCompliance(clientId: string, D: string) {
    const c = this.agency.clients.find((x) => x.clientId === clientId);
    if (!c) throw new Error(`no client ${clientId}`);
    return this.complianceOf(c, D);
  }

  private complianceOf(c: Client, D: string) {
    const latest = latestAssessment(this.agency, c.clientId, D);
    const tier = tierOf(latest);
    const [anyWithin, faceWithin] = CONTACT_RULES[String(tier)]!;
    const contacts = this.agency.contactsByClient.get(c.clientId) ?? [];
    const requirement = (N: number, modes: Set<string>) => ({
      due: c.enrolledOn <= addDays(D, -N),
      met: contacts.some((k) => modes.has(k.mode) && addDays(D, -N) < k.occurredOn && k.occurredOn <= D),
    });
    const requirements = [requirement(anyWithin, CLIENT_CONTACT_MODES), requirement(faceWithin, FACE_TO_FACE_MODES)].filter((r) => r.due);
    let reassessDue: boolean;
    let reassessOverdue: boolean;
    let reassessDueSoon = false;
    if (latest === null) {
      reassessDue = c.enrolledOn <= addDays(D, -INITIAL_ASSESSMENT_DAYS);
      reassessOverdue = reassessDue;
    } else {
      const days = REASSESSMENT_DAYS[String(tier)]!;
      reassessDue = true;
      reassessOverdue = latest.assessedOn <= addDays(D, -days);
      reassessDueSoon = !reassessOverdue && addDays(latest.assessedOn, days) <= addDays(D, 30);
    }
    return {
      contactDue: requirements.length > 0,
      contactMet: requirements.length > 0 && requirements.every((r) => r.met),
      reassessDue,
      reassessOverdue,
      reassessDueSoon,
    };
  }

  private counts(clients: Client[], D: string) {
    const rows = clients.map((c) => this.complianceOf(c, D));
    const contactDue = rows.filter((r) => r.contactDue).length;
    const contactMet = rows.filter((r) => r.contactMet).length;
    const reassessDue = rows.filter((r) => r.reassessDue).length;
    const reassessOverdue = rows.filter((r) => r.reassessOverdue).length;
    const reassessDueSoon = rows.filter((r) => r.reassessDueSoon).length;
    return sumCounts([{ contactDue, contactMet, reassessDue, reassessOverdue, reassessDueSoon }]);
  }

  compliance(D: string) {
    const held = this.day(D).held;
    const staffRows = this.reportStaff(D).map((s) => ({
      staffId: s.staffId,
      teamId: this.on(s, D).teamId,
      ...this.counts(held.get(s.staffId) ?? [], D),
    }));
    const caseloadStaff = this.agency.staff.filter((s) => this.isCaseloadStaff(s, D));
    const teams = this.agency.teamIds.map((teamId) => ({
      teamId,
      ...sumCounts(staffRows.filter((r) => caseloadStaff.some((s) => s.staffId === r.staffId && this.on(s, D).teamId === teamId))),
    }));
    const agency = this.counts(
      this.agency.clients.filter((c) => isActive(c, D)),
      D,
    );
    // OLS of contactRate on loadRatio across caseload staff with contactDue ≥ 1
    const points = caseloadStaff
      .filter((s) => this.capacityHours(s, D) > 0) // a load ratio exists
      .map((s) => {
        const row = staffRows.find((r) => r.staffId === s.staffId)!;
        return { x: this.workloadHours(s, D) / this.capacityHours(s, D), y: row.contactRate, due: row.contactDue };
      })
      .filter((p) => p.due >= 1)
      .map((p) => ({ x: p.x, y: p.y as number }));
    const n = points.length;
    let fit: { n: number; slope: number | null; intercept: number | null; r: number | null } = { n, slope: null, intercept: null, r: null };
    if (n >= 3) {
      const mx = points.reduce((a, p) => a + p.x, 0) / n;
      const my = points.reduce((a, p) => a + p.y, 0) / n;
      const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
      const syy = points.reduce((a, p) => a + (p.y - my) ** 2, 0);
      const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
      if (sxx > 0) {
        const slope = sxy / sxx;
        fit = { n, slope, intercept: my - slope * mx, r: syy > 0 ? sxy / Math.sqrt(sxx * syy) : null };
      }
    }
    return { asOf: D, settingsVersion: 1, staff: staffRows, teams, agency, loadComplianceFit: fit };
  }

  // ---------- workload calibration ----------
  /**
   * metrics.md "Workload calibration": each month end e in [F, T] and each client active
   * and held on e is one client-month of tier(c, e); its minutes are those of all its
   * contacts (any mode) in e's calendar month.
   */
  calibration(F: string, T: string) {
    const monthEnds: string[] = [];
    for (let m = F.slice(0, 7); m <= T.slice(0, 7); m = addDays(lastDayOfMonth(m), 1).slice(0, 7)) {
      const e = lastDayOfMonth(m);
      if (F <= e && e <= T) monthEnds.push(e);
    }
    const tiers = ['1', '2', '3', '4', 'unassessed'];
    const acc = Object.fromEntries(tiers.map((t) => [t, { clientMonths: 0, contacts: 0, contactsWithMinutes: 0, contactMinutes: 0 }]));
    for (const e of monthEnds) {
      for (const c of this.agency.clients) {
        if (!isActive(c, e) || holder(this.agency, c.clientId, e) === null) continue;
        const a = acc[String(this.tier(c.clientId, e))]!;
        a.clientMonths += 1;
        for (const k of this.agency.contactsByClient.get(c.clientId) ?? []) {
          if (k.occurredOn.slice(0, 7) !== e.slice(0, 7)) continue;
          a.contacts += 1;
          if (k.minutes !== null) {
            a.contactsWithMinutes += 1;
            a.contactMinutes += k.minutes;
          }
        }
      }
    }
    const rows = tiers.map((tier) => {
      const a = acc[tier]!;
      return {
        tier,
        ...a,
        observedHours: a.clientMonths > 0 ? a.contactMinutes / 60 / a.clientMonths : null,
        modelHours: TIER_HOURS[tier]!,
      };
    });
    let num = 0;
    let den = 0;
    for (const r of rows) {
      if (r.clientMonths === 0) continue;
      num += r.clientMonths * r.modelHours;
      den += r.clientMonths * (r.observedHours as number);
    }
    const scale = den > 0 ? num / den : null;
    const contacts = rows.reduce((n, r) => n + r.contacts, 0);
    const withMinutes = rows.reduce((n, r) => n + r.contactsWithMinutes, 0);
    return {
      from: F,
      to: T,
      tiers: rows.map((r) => ({ ...r, suggestedHours: r.observedHours === null || scale === null ? null : r.observedHours * scale })),
      scale,
      minutesCoverage: contacts > 0 ? withMinutes / contacts : null,
    };
  }

  /** metrics.md "Why a load is what it is": the parts of one member's load on D (those the model can name) */
  explain(staffId: string, D: string) {
    const s = this.staffById(staffId)!;
    const row = this.caseload(D).staff.find((r) => r.staffId === staffId);
    const counts = row?.tierCounts ?? { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
    return {
      staffId,
      asOf: D,
      tiers: ['1', '2', '3', '4', 'unassessed'].map((t) => ({
        tier: t,
        clients: counts[t]!,
        hoursPerClient: TIER_HOURS[t]!,
        hours: counts[t]! * TIER_HOURS[t]!,
      })),
      weightedHours: this.weightedHours(staffId, D),
      otherHours: this.otherHours(s, D),
      workloadHours: this.workloadHours(s, D),
      fte: this.on(s, D).fte,
      baseCapacityHours: this.baseCapacityHours(s, D),
      capacityHours: this.capacityHours(s, D),
      loadRatio: row?.loadRatio ?? null,
      band: row?.band ?? null,
      daysOverCapacity90: row?.daysOverCapacity90 ?? 0,
    };
  }

  // ---------- Standard 8 ----------
  feedback(F: string, T: string) {
    const invitations = this.agency.invitations.filter((i) => inPeriod(i.sentOn, F, T));
    const linked = new Set(this.agency.responses.map((r) => r.invitationId).filter((id): id is string => id !== null));
    const responded = invitations.filter((i) => linked.has(i.invitationId)).length;
    const responses = this.agency.responses.filter((r) => inPeriod(r.receivedOn, F, T));
    const teamOf = (r: Response) => {
      const s = r.staffId === null ? undefined : this.staffById(r.staffId);
      return s ? this.on(s, r.receivedOn).teamId : null;
    };
    const groups = (key: (r: Response) => string | null) => {
      const map = new Map<string, Response[]>();
      for (const r of responses) {
        const k = key(r);
        if (k === null) continue;
        map.set(k, [...(map.get(k) ?? []), r]);
      }
      return map;
    };
    const months: string[] = [];
    for (let m = F.slice(0, 7); m <= T.slice(0, 7); m = addDays(lastDayOfMonth(m), 1).slice(0, 7)) months.push(m);
    return {
      from: F,
      to: T,
      invitations: invitations.length,
      respondedInvitations: responded,
      responseRate: invitations.length > 0 ? responded / invitations.length : null,
      responses: responses.length,
      items: items(responses),
      byProgram: groupRows(groups((r) => r.programId)),
      byTeam: groupRows(groups(teamOf)),
      byStaff: groupRows(groups((r) => r.staffId)),
      byProvider: groupRows(groups((r) => r.providerId)),
      monthly: months.map((month) => {
        const inMonth = responses.filter((r) => r.receivedOn.startsWith(`${month}-`));
        const q1 = itemStats(inMonth, 0);
        const sent = invitations.filter((i) => i.sentOn.startsWith(`${month}-`));
        const respondedInMonth = sent.filter((i) => linked.has(i.invitationId)).length;
        return {
          month,
          n: q1.n,
          top2: q1.top2,
          responses: inMonth.length,
          invitations: sent.length,
          respondedInvitations: respondedInMonth,
          responseRate: sent.length > 0 ? respondedInMonth / sent.length : null,
        };
      }),
    };
  }

  /** outcomes over [F, T] */
  outcomes(F: string, T: string) {
    const goals = this.agency.goals.filter((g) => inPeriod(g.resolvedOn, F, T));
    const count = (status: string) => goals.filter((g) => g.status === status).length;
    const met = count('met');
    const partiallyMet = count('partially_met');
    const notMet = count('not_met');
    let improved = 0;
    let maintained = 0;
    let declined = 0;
    for (const list of this.agency.assessmentsByClient.values()) {
      for (const b of list) {
        if (!inPeriod(b.assessedOn, F, T)) continue;
        let a: Assessment | null = null;
        for (const x of list) {
          const before = x.assessedOn < b.assessedOn || (x.assessedOn === b.assessedOn && byteCompare(x.assessmentId, b.assessmentId) < 0);
          if (!before) continue;
          if (
            a === null ||
            x.assessedOn > a.assessedOn ||
            (x.assessedOn === a.assessedOn && byteCompare(x.assessmentId, a.assessmentId) > 0)
          )
            a = x;
        }
        if (a === null || a.adl === null || b.adl === null) continue;
        if (b.adl < a.adl) improved += 1;
        else if (b.adl === a.adl) maintained += 1;
        else declined += 1;
      }
    }
    const closures: Record<string, number> = {};
    for (const c of this.agency.clients) {
      if (!inPeriod(c.closedOn, F, T)) continue;
      const reason = c.closureReason ?? 'unknown';
      closures[reason] = (closures[reason] ?? 0) + 1;
    }
    const functionalTotal = improved + maintained + declined;
    return {
      from: F,
      to: T,
      goals: {
        met,
        partiallyMet,
        notMet,
        withdrawn: count('withdrawn'),
        attainmentRate: met + partiallyMet + notMet > 0 ? met / (met + partiallyMet + notMet) : null,
      },
      functional: {
        improved,
        maintained,
        declined,
        maintainedOrImprovedRate: functionalTotal > 0 ? (improved + maintained) / functionalTotal : null,
      },
      timeToService: timeToService(this.agency.referrals, F, T),
      closures,
    };
  }

  providers(F: string, T: string) {
    return {
      from: F,
      to: T,
      providers: this.agency.providerIds.map((providerId) => {
        const mine = this.agency.referrals.filter((r) => r.providerId === providerId);
        const t = timeToService(mine, F, T);
        const q6 = itemStats(
          this.agency.responses.filter((r) => r.providerId === providerId && inPeriod(r.receivedOn, F, T)),
          5,
        );
        return {
          providerId,
          referrals: mine.filter((r) => inPeriod(r.referredOn, F, T)).length,
          started: t.n,
          medianDaysToStart: t.medianDays,
          within30: t.within30,
          within30Rate: t.within30Rate,
          pendingOver30: t.pendingOver30,
          q6: { n: q6.n, top2: q6.top2 },
        };
      }),
    };
  }

  qa(F: string, T: string) {
    const reviews = this.agency.reviews.filter((r) => inPeriod(r.reviewedOn, F, T));
    const passed = reviews.filter((r) => r.score >= QA_PASS_SCORE).length;
    const actions = this.agency.reviews.filter((r) => r.correctiveAction !== null && r.reviewedOn <= T);
    const open = actions.filter((r) => r.actionClosedOn === null || r.actionClosedOn > T);
    const closed = actions.filter((r) => inPeriod(r.actionClosedOn, F, T));
    return {
      from: F,
      to: T,
      qaPassScore: QA_PASS_SCORE,
      reviews: {
        n: reviews.length,
        meanScore: reviews.length > 0 ? reviews.reduce((a, r) => a + r.score, 0) / reviews.length : null,
        passed,
        passRate: reviews.length > 0 ? passed / reviews.length : null,
      },
      actions: {
        open: open.length,
        overdue: open.filter((r) => r.actionDueOn !== null && r.actionDueOn < T).length,
        closedInPeriod: closed.length,
        medianDaysToClose: median(closed.map((r) => daysBetween(r.reviewedOn, r.actionClosedOn!))),
      },
    };
  }
}

// ---------- small helpers ----------
interface Counts {
  contactDue: number;
  contactMet: number;
  reassessDue: number;
  reassessOverdue: number;
  reassessDueSoon: number;
}
function sumCounts(rows: Counts[]) {
  const s = { contactDue: 0, contactMet: 0, reassessDue: 0, reassessOverdue: 0, reassessDueSoon: 0 };
  for (const r of rows) {
    s.contactDue += r.contactDue;
    s.contactMet += r.contactMet;
    s.reassessDue += r.reassessDue;
    s.reassessOverdue += r.reassessOverdue;
    s.reassessDueSoon += r.reassessDueSoon;
  }
  return {
    contactDue: s.contactDue,
    contactMet: s.contactMet,
    contactRate: s.contactDue > 0 ? s.contactMet / s.contactDue : null,
    reassessDue: s.reassessDue,
    reassessOverdue: s.reassessOverdue,
    reassessDueSoon: s.reassessDueSoon,
    reassessRate: s.reassessDue > 0 ? 1 - s.reassessOverdue / s.reassessDue : null,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function itemStats(responses: Response[], index: number) {
  const answers = responses.map((r) => r.q[index] ?? null).filter((v): v is number => v !== null);
  const distribution = [1, 2, 3, 4, 5].map((v) => answers.filter((a) => a === v).length);
  const n = answers.length;
  return {
    item: `q${index + 1}`,
    n,
    mean: n > 0 ? answers.reduce((a, v) => a + v, 0) / n : null,
    top2: n > 0 ? answers.filter((a) => a >= 4).length / n : null,
    distribution,
  };
}

function items(responses: Response[]) {
  return [0, 1, 2, 3, 4, 5, 6, 7].map((k) => itemStats(responses, k));
}

function timeToService(referrals: Referral[], F: string, T: string) {
  const started = referrals.filter((r) => inPeriod(r.startedOn, F, T));
  const days = started.map((r) => daysBetween(r.referredOn, r.startedOn!));
  const within30 = days.filter((d) => d <= 30).length;
  return {
    n: started.length,
    medianDays: median(days),
    within30,
    within30Rate: started.length > 0 ? within30 / started.length : null,
    pendingOver30: referrals.filter((r) => r.referredOn <= addDays(T, -30) && (r.startedOn === null || r.startedOn > T)).length,
  };
}

/** groups of responses → the report's group rows (by key) */
function groupRows(map: Map<string, Response[]>) {
  return new Map([...map].map(([key, rs]) => [key, { responses: rs.length, items: items(rs) }]));
}
