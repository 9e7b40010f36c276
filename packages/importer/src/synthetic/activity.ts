/**
 * Phase two of the synthetic agency: each client's contacts, goals, referrals and
 * surveys, generated one client at a time from that client's own random stream and
 * written straight to the CSV writers (scale l has about two million contacts; none
 * are kept).
 *
 * Contacts follow the contact rules of metrics.md: a regular rhythm well inside the
 * tier's window, face-to-face visits before the face-to-face window closes, and
 * lapses — a gap past the window — whose chance grows with the holder's load, during
 * the dip team's turnover, and when the holder is on leave.
 */
import type { Tier } from './acuity.ts';
import { NEGATIVE_COMMENTS, NEUTRAL_COMMENTS, POSITIVE_COMMENTS, SERVICE_TYPES, TURNOVER_COMMENTS } from './catalog.ts';
import { MODEL } from './config.ts';
import type { CsvWriter } from './csv-writer.ts';
import { type DateFormat, monthKey, workday } from './dates.ts';
import { Rng } from './prng.ts';
import type { Agency, Client } from './simulate.ts';

export interface ActivityWriters {
  contacts: CsvWriter;
  goals: CsvWriter;
  referrals: CsvWriter;
  invitations: CsvWriter;
  responses: CsvWriter;
}

type Mode = 'home_visit' | 'office_visit' | 'phone' | 'video' | 'collateral';
type Mood = 0 | 1 | 2 | 3;

/** Days between routine contacts, by tier: well inside the "any contact" window. */
const GAPS: Record<Tier, readonly [number, number]> = { 1: [20, 55], 2: [12, 40], 3: [6, 20], 4: [3, 10] };

const ROUTINE_MODES: Record<Tier, readonly (readonly [Mode, number])[]> = {
  1: [
    ['phone', 70],
    ['video', 8],
    ['home_visit', 14],
    ['office_visit', 8],
  ],
  2: [
    ['phone', 62],
    ['video', 10],
    ['home_visit', 18],
    ['office_visit', 10],
  ],
  3: [
    ['phone', 55],
    ['video', 10],
    ['home_visit', 25],
    ['office_visit', 10],
  ],
  4: [
    ['phone', 45],
    ['video', 10],
    ['home_visit', 38],
    ['office_visit', 7],
  ],
};

const MINUTES: Record<Mode, readonly [number, number]> = {
  phone: [5, 30],
  video: [15, 50],
  home_visit: [40, 120],
  office_visit: [25, 75],
  collateral: [5, 25],
};

/** Very satisfied, satisfied, neutral, dissatisfied. */
const MOOD_USUAL: readonly (readonly [Mood, number])[] = [
  [0, 60],
  [1, 31],
  [2, 7],
  [3, 2],
];
const MOOD_BUSY: readonly (readonly [Mood, number])[] = [
  [0, 52],
  [1, 33],
  [2, 10],
  [3, 5],
];
const MOOD_DIP: readonly (readonly [Mood, number])[] = [
  [0, 12],
  [1, 22],
  [2, 34],
  [3, 32],
];
const ITEM_BY_MOOD: Record<Mood, readonly (readonly [number, number])[]> = {
  0: [
    [5, 75],
    [4, 23],
    [3, 2],
  ],
  1: [
    [5, 20],
    [4, 62],
    [3, 15],
    [2, 3],
  ],
  2: [
    [5, 3],
    [4, 22],
    [3, 50],
    [2, 20],
    [1, 5],
  ],
  3: [
    [4, 5],
    [3, 20],
    [2, 40],
    [1, 35],
  ],
};

const GOAL_STATUS: readonly (readonly [string, number])[] = [
  ['met', 55],
  ['partially_met', 22],
  ['not_met', 10],
  ['withdrawn', 13],
];

function goalStatusAtClosure(rng: Rng, reason: string | null): string {
  if (reason === 'goals_met') return rng.chance(0.75) ? 'met' : 'partially_met';
  if (reason === 'deceased' || reason === 'nursing_facility') {
    return rng.weighted([
      ['withdrawn', 60],
      ['not_met', 25],
      ['partially_met', 15],
    ] as const);
  }
  return rng.weighted([
    ['withdrawn', 70],
    ['partially_met', 15],
    ['not_met', 15],
  ] as const);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isFaceToFace = (m: Mode) => m === 'home_visit' || m === 'office_visit';

interface Referral {
  provider: number;
  referred: number;
  started: number | null;
}

export class Activity {
  private contactCount = 0;
  private goalCount = 0;
  private referralCount = 0;
  private invitationCount = 0;
  private responseCount = 0;
  private readonly serviceTypes: (readonly [string, number])[];
  private readonly providersByType = new Map<string, number[]>();
  private readonly months = new Map<number, number>();

  constructor(
    private readonly agency: Agency,
    private readonly writers: ActivityWriters,
    private readonly dates: DateFormat,
  ) {
    agency.providers.forEach((p, i) => {
      for (const t of p.serviceTypes) {
        const list = this.providersByType.get(t) ?? [];
        list.push(i);
        this.providersByType.set(t, list);
      }
    });
    this.serviceTypes = SERVICE_TYPES.filter(([t]) => this.providersByType.has(t));
  }

  private month(day: number): number {
    let m = this.months.get(day);
    if (m === undefined) {
      m = monthKey(day);
      this.months.set(day, m);
    }
    return m;
  }

  /** Everything one client did with the agency between the start of history and the as-of date. */
  client(c: Client): void {
    const rng = new Rng(this.agency.seed, `client:${c.idx}`);
    const from = Math.max(c.enrolled, this.agency.start - 180);
    const to = Math.min(this.agency.asOf, c.closed === null ? Infinity : c.closed - 1);
    if (from <= to) this.contacts(c, rng, from, to);
    this.goals(c, rng);
    const referrals = from <= to ? this.referrals(c, rng, from, to) : [];
    this.surveys(c, rng, referrals);
  }

  private holderAt(c: Client, day: number): number {
    for (const a of c.assignments) if (a.start <= day && (a.end === null || a.end > day)) return a.staff;
    return -1;
  }

  private tierAt(c: Client, day: number): Tier | null {
    let tier: Tier | null = null;
    for (const a of c.assessments) {
      if (a.day > day) break;
      tier = a.tier;
    }
    return tier;
  }

  /** Who makes a contact on `day`: the holder; the supervisor covering a holder on leave or an unassigned intake; else nobody. */
  private contactStaff(c: Client, day: number): number {
    const team = this.agency.teams[c.team]!;
    const holder = this.holderAt(c, day);
    if (holder >= 0) {
      const s = this.agency.staff[holder]!;
      return s.leaveFrom !== null && day >= s.leaveFrom ? team.supervisor : holder;
    }
    const first = c.assignments[0];
    if (!first || day < first.start) return team.supervisor;
    return -1;
  }

  private lapseChance(c: Client, day: number): number {
    const { staff, stories } = this.agency;
    let p = 0.035;
    const holder = this.holderAt(c, day);
    if (holder >= 0) {
      const s = staff[holder]!;
      const ratio = s.monthly.get(this.month(day));
      if (ratio !== undefined && ratio > 1) p += (ratio - 1) * 0.4;
      if (s.leaveFrom !== null && day >= s.leaveFrom) p += 0.45;
    }
    if (c.team === stories.dipTeam && day >= stories.dipFrom - 20 && day <= stories.dipTo) p += 0.18;
    return p;
  }

  private writeContact(c: Client, staff: number, day: number, mode: Mode, rng: Rng): void {
    const [lo, hi] = MINUTES[mode];
    this.contactCount++;
    this.writers.contacts.row([
      `ct-${pad(this.contactCount, 8)}`,
      c.clientId,
      this.agency.staff[staff]!.staffId,
      this.dates.iso(day),
      mode,
      rng.chance(0.02) ? null : rng.int(lo, hi),
    ]);
  }

  private contacts(c: Client, rng: Rng, from: number, to: number): void {
    let last: number;
    let lastFaceToFace: number;
    if (c.enrolled >= from) {
      // The intake home visit.
      const day = workday(c.enrolled + rng.int(0, 4));
      if (day > to) return;
      const staff = this.contactStaff(c, day);
      if (staff >= 0) this.writeContact(c, staff, day, 'home_visit', rng);
      last = day;
      lastFaceToFace = day;
    } else {
      last = from - rng.int(0, 50);
      lastFaceToFace = from - rng.int(0, 150);
    }
    for (;;) {
      const tier = this.tierAt(c, last) ?? 2;
      const rule = MODEL.contactDays[tier];
      const lapse = this.lapseChance(c, last);
      const [lo, hi] = GAPS[tier];
      const gap = rng.chance(lapse) ? rule.any + rng.int(1, 45) : rng.int(lo, hi);
      const day = workday(last + gap);
      if (day > to) return;
      last = day;
      const staff = this.contactStaff(c, day);
      if (staff < 0) continue;
      const slack = rule.faceToFace <= 30 ? rng.int(2, 8) : rng.int(5, 25);
      let mode: Mode;
      if (day - lastFaceToFace >= rule.faceToFace - slack) {
        mode = rng.chance(lapse * 1.5) ? 'phone' : rng.chance(0.82) ? 'home_visit' : 'office_visit';
      } else {
        mode = rng.weighted(ROUTINE_MODES[tier]);
      }
      this.writeContact(c, staff, day, mode, rng);
      if (isFaceToFace(mode)) lastFaceToFace = day;
      if (rng.chance(0.12)) {
        const collateral = workday(day + rng.int(0, 6));
        if (collateral <= to) this.writeContact(c, staff, collateral, 'collateral', rng);
      }
    }
  }

  /** Service-plan goals set after assessments; most resolve within a year or so. */
  private goals(c: Client, rng: Rng): void {
    const { asOf, programs, stories } = this.agency;
    const domains = programs[c.program]!.goalDomains;
    const busy = c.team === stories.overloadedTeam;
    for (const a of c.assessments) {
      const n =
        a.kind === 'initial'
          ? rng.weighted([
              [1, 35],
              [2, 45],
              [3, 20],
            ] as const)
          : a.kind === 'reassessment'
            ? rng.weighted([
                [0, 45],
                [1, 40],
                [2, 15],
              ] as const)
            : rng.chance(0.6)
              ? 1
              : 0;
      for (let i = 0; i < n; i++) {
        const setOn = a.day + rng.int(0, 14);
        if (setOn > asOf || (c.closed !== null && setOn >= c.closed)) continue;
        const resolves = setOn + 45 + Math.round(rng.exp(220));
        let status: string;
        let resolvedOn: number | null;
        if (c.closed !== null && c.closed <= resolves) {
          status = goalStatusAtClosure(rng, c.closureReason);
          resolvedOn = c.closed;
        } else if (resolves > asOf) {
          status = 'open';
          resolvedOn = null;
        } else {
          status = busy
            ? rng.weighted([
                ['met', 48],
                ['partially_met', 24],
                ['not_met', 14],
                ['withdrawn', 14],
              ] as const)
            : rng.weighted(GOAL_STATUS);
          resolvedOn = resolves;
        }
        this.goalCount++;
        this.writers.goals.row([
          `go-${pad(this.goalCount, 7)}`,
          c.clientId,
          rng.pick(domains),
          this.dates.iso(setOn),
          status,
          resolvedOn === null ? null : this.dates.iso(resolvedOn),
        ]);
      }
    }
  }

  private referrals(c: Client, rng: Rng, from: number, to: number): Referral[] {
    const days: number[] = [];
    for (const a of c.assessments) {
      if (a.kind !== 'initial') continue;
      const n = rng.weighted([
        [0, 15],
        [1, 50],
        [2, 35],
      ] as const);
      for (let i = 0; i < n; i++) days.push(a.day + rng.int(0, 10));
    }
    for (let day = from + Math.round(rng.exp(365 / 0.55)); day <= to; day += 1 + Math.round(rng.exp(365 / 0.55))) {
      days.push(day);
    }
    const out: Referral[] = [];
    for (const raw of days.sort((a, b) => a - b)) {
      const day = workday(raw);
      if (day < from || day > to) continue;
      const type = rng.weighted(this.serviceTypes);
      const provider = rng.pick(this.providersByType.get(type)!);
      const p = this.agency.providers[provider]!;
      const delay = Math.round(p.medianDays * Math.exp(rng.normal(0, p.slow ? 0.55 : 0.6)));
      let started: number | null = rng.chance(p.slow ? 0.05 : 0.006) ? null : day + delay;
      if (started !== null && (started > this.agency.asOf || (c.closed !== null && started > c.closed))) started = null;
      this.referralCount++;
      this.writers.referrals.row([
        `rf-${pad(this.referralCount, 7)}`,
        c.clientId,
        p.providerId,
        type,
        this.dates.iso(day),
        started === null ? null : this.dates.iso(started),
      ]);
      out.push({ provider, referred: day, started });
    }
    return out;
  }

  /**
   * A satisfaction survey 120 days after enrolment and yearly after that; a bit more
   * than half come back. The dip team's responses received during the dip are much
   * less satisfied.
   */
  private surveys(c: Client, rng: Rng, referrals: Referral[]): void {
    const { start, asOf } = this.agency;
    for (let k = 0; ; k++) {
      const sent = workday(c.enrolled + 120 + 365 * k + rng.int(0, 13));
      if (sent > asOf || (c.closed !== null && sent >= c.closed)) break;
      if (sent < start) continue;
      this.invitationCount++;
      const invitationId = `inv-${pad(this.invitationCount, 7)}`;
      this.writers.invitations.row([invitationId, c.clientId, this.dates.iso(sent)]);
      if (!rng.chance(0.6)) continue;
      const received = sent + 4 + Math.min(70, Math.round(rng.exp(9)));
      if (received > asOf) continue;
      this.response(c, rng, invitationId, sent, received, referrals);
    }
    // Now and then a paper survey comes back without an invitation (a community event).
    const yearsInHistory = Math.max(0, (Math.min(asOf, c.closed ?? asOf) - Math.max(start, c.enrolled)) / 365);
    if (rng.chance(0.015 * yearsInHistory)) {
      const received = Math.max(start, c.enrolled) + rng.int(0, Math.floor(yearsInHistory * 365));
      if (received <= asOf) this.response(c, rng, null, received, received, referrals);
    }
  }

  private response(c: Client, rng: Rng, invitationId: string | null, sent: number, received: number, referrals: Referral[]): void {
    const { staff, stories, providers, programs } = this.agency;
    const holder = this.holderAt(c, sent);
    const team = holder >= 0 ? staff[holder]!.team : c.team;
    const dip = team === stories.dipTeam && received >= stories.dipFrom && received <= stories.dipTo;
    const mood: Mood = rng.weighted(dip ? MOOD_DIP : team === stories.overloadedTeam ? MOOD_BUSY : MOOD_USUAL);
    let provider: number | null = null;
    for (const r of referrals) if (r.started !== null && r.started <= sent && r.started >= sent - 365) provider = r.provider;
    if (provider !== null && !rng.chance(0.85)) provider = null;
    const slowProvider = provider !== null && providers[provider]!.slow;
    const items: (number | null)[] = [];
    for (let q = 1; q <= 8; q++) {
      if (!rng.chance(q === 5 ? 0.9 : 0.96)) {
        items.push(null);
        continue;
      }
      let itemMood = mood;
      if (q === 6 && slowProvider && rng.chance(0.6)) itemMood = Math.min(3, mood + 1) as Mood;
      items.push(rng.weighted(ITEM_BY_MOOD[itemMood]));
    }
    if (!items.some((v) => v !== null)) items[0] = rng.weighted(ITEM_BY_MOOD[mood]);
    let comment: string | null = null;
    if (rng.chance(0.28)) {
      if (dip && mood >= 2) comment = rng.pick(TURNOVER_COMMENTS);
      else if (slowProvider && mood >= 2) comment = 'I waited a long time for my aide to start.';
      else comment = rng.pick(mood <= 1 ? POSITIVE_COMMENTS : mood === 2 ? NEUTRAL_COMMENTS : NEGATIVE_COMMENTS);
    }
    this.responseCount++;
    this.writers.responses.row([
      `rsp-${pad(this.responseCount, 7)}`,
      invitationId,
      programs[c.program]!.programId,
      holder >= 0 ? staff[holder]!.staffId : null,
      provider === null ? null : providers[provider]!.providerId,
      this.dates.iso(received),
      ...items,
      comment,
    ]);
  }
}
