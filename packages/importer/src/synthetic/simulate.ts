/**
 * Phase one of the synthetic agency: the organisation and who holds whom, day by day.
 *
 * Everything small enough to keep in memory lives here (staff, teams, clients, their
 * assessments and assignments, QA reviews); the two million contacts of scale l are
 * produced afterwards, client by client, by activity.ts.
 *
 * The day loop runs from the start of history to the as-of date. Each day: staff
 * leave, go on leave or are hired; clients close; assessments change tiers (and so
 * acuity-weighted hours); new clients enrol and go to the team with the most room
 * against its target load and, within it, to the case manager with the lowest load
 * who speaks the client's language; a few clients are transferred; supervisors and
 * the QA coordinator review case records; at each month's end every case manager's
 * load ratio is noted (activity.ts lets contact lapses follow load).
 *
 * The overloaded team's story is head count first (a position cut and never
 * refilled), then acuity: from `acuityFrom` its clients are assessed into a heavier
 * mix, intake sends it fewer new clients, and its supervisor evens out the caseloads
 * at each month's end. Everything that story changes is drawn after that date or from
 * the clients' own streams, so the agency's history before it stays as it was.
 */
import { HEAVY_TIER_MIX, type Needs, type Tier, TIER_MIX, computedTier, evolveNeeds, sampleNeeds } from './acuity.ts';
import {
  CLOSURE_REASONS_BY_TIER,
  CORRECTIVE_ACTIONS,
  COUNTIES,
  FINDINGS_MAJOR,
  FINDINGS_MINOR,
  FIRST_NAMES,
  LANGUAGES,
  LAST_NAMES,
  PROGRAMS,
  PROVIDERS,
  type ProgramSpec,
  REGIONS,
  SLOW_PROVIDER_INDEX,
} from './catalog.ts';
import { LENGTH_OF_STAY, MODEL, type ScaleConfig } from './config.ts';
import { firstOfMonth, monthKey, weekday, workday, yearOf } from './dates.ts';
import { Rng } from './prng.ts';

type Role = 'case_manager' | 'supervisor' | 'program_manager' | 'director' | 'other';
type AssessmentKind = 'initial' | 'reassessment' | 'change_in_condition';

interface Staff {
  idx: number;
  staffId: string;
  name: string;
  role: Role;
  team: number | null;
  /** caseload FTE while working */
  fte: number;
  /** caseload_fte as written to staff.csv (0 for the case manager on leave) */
  fileFte: number;
  languages: string[];
  region: string | null;
  hiredOn: number;
  leftOn: number | null;
  leaveFrom: number | null;
  /** how heavily this member tends to be loaded, relative to the team (spread) */
  target: number;
  hours: number;
  caseload: number[];
  /** month key → load ratio at that month's end */
  monthly: Map<number, number>;
}

interface Team {
  idx: number;
  teamId: string;
  name: string;
  program: number;
  region: number;
  supervisor: number;
  /** non-English languages the team serves, with the share of intake in each */
  languages: { code: string; share: number }[];
  /** employed case managers (including one on leave) */
  members: number[];
  target: number;
  /** the target from `lateFrom` on (the overloaded team's rises) */
  lateTarget: number;
  lateFrom: number;
}

interface Assessment {
  day: number;
  kind: AssessmentKind;
  needs: Needs;
  override: Tier | null;
  /** the tier metrics.md derives: the override, else the computed tier */
  tier: Tier;
}

interface Assignment {
  staff: number;
  start: number;
  end: number | null;
}

export interface Client {
  idx: number;
  clientId: string;
  program: number;
  team: number;
  birthYear: number;
  county: string;
  language: string | null;
  region: string;
  enrolled: number;
  /** the day the stay ends, possibly after the as-of date */
  lifeEnd: number;
  closed: number | null;
  closureReason: string | null;
  assessments: Assessment[];
  assignments: Assignment[];
  // simulation state
  tierNow: Tier | null;
  nextAssessment: number;
  holder: number;
  holderPos: number;
  assignedPos: number;
}

interface QaReview {
  reviewId: string;
  client: number;
  staff: number;
  reviewer: number;
  day: number;
  score: number;
  findings: string | null;
  correctiveAction: string | null;
  actionDue: number | null;
  actionClosed: number | null;
}

interface Provider {
  providerId: string;
  name: string;
  serviceTypes: readonly string[];
  /** median days from referral to service start */
  medianDays: number;
  slow: boolean;
}

interface Region {
  regionId: string;
  label: string;
  counties: string[];
}

/** The built-in stories a demo shows, with their ids and dates (day numbers). */
interface StoryPlan {
  overloadedTeam: number;
  overloadedFrom: number;
  /** from this day the overloaded team's clients are assessed into a heavier mix */
  acuityFrom: number;
  leaveStaff: number;
  leaveFrom: number;
  missedTeam: number;
  missedDeparture: number;
  unassigned: number[];
  slowProvider: number;
  dipTeam: number;
  dipFrom: number;
  dipTo: number;
  dipReviews: string[];
}

export interface Agency {
  config: ScaleConfig;
  seed: number;
  start: number;
  asOf: number;
  programs: readonly ProgramSpec[];
  regions: Region[];
  teams: Team[];
  staff: Staff[];
  providers: Provider[];
  clients: Client[];
  reviews: QaReview[];
  stories: StoryPlan;
  programManagers: number[];
  qaCoordinators: number[];
  director: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const tierHours = (t: Tier | null) => (t === null ? MODEL.unassessedHours : MODEL.tierHours[t]);

interface Slot {
  team: number;
  language: string | null;
  holder: number | null;
  /** no random departures (a story depends on this position) */
  pinned: boolean;
}

type StaffEvent =
  | { kind: 'depart'; staff: number; missed: number; rehireOn: number | null }
  | { kind: 'hire'; slot: number }
  | { kind: 'ramp'; staff: number }
  | { kind: 'leave'; staff: number };

/** The overloaded team's target load once its clients grow heavier (1.18 before). */
const ACUITY_TARGET = 1.12;
/** Changes in condition per client per year: across the agency, and in the overloaded team once its clients are heavier. */
const CHANGE_RATE = 0.06;
const HEAVY_CHANGE_RATE = 0.2;
/** The share of the overloaded team's clients with no assessment due before the as-of date who get a change in condition. */
const HEAVY_EXTRA_CHANGE = 0.5;

/** Average weighted hours per client at the target mix, a few percent unassessed. */
const AVERAGE_HOURS = (() => {
  let total = 0;
  let weight = 0;
  for (const [t, w] of TIER_MIX) {
    total += MODEL.tierHours[t] * w;
    weight += w;
  }
  return 0.97 * (total / weight) + 0.03 * MODEL.unassessedHours;
})();

export function simulateAgency(config: ScaleConfig, seed: number, asOf: number): Agency {
  return new Simulation(config, seed, asOf).run();
}

class Simulation {
  private readonly rng: Rng;
  private readonly start: number;
  private readonly programs: readonly ProgramSpec[];
  private readonly regions: Region[] = [];
  private readonly teams: Team[] = [];
  private readonly staff: Staff[] = [];
  private readonly slots: Slot[] = [];
  private readonly clients: Client[] = [];
  private readonly reviews: QaReview[] = [];
  private readonly providers: Provider[] = [];
  private readonly programManagers: number[] = [];
  private readonly qaCoordinators: number[] = [];
  private director = -1;
  private readonly usedNames = new Set<string>();
  /** clients with a holder, for picking transfers uniformly */
  private readonly assigned: number[] = [];
  private readonly staffEvents: StaffEvent[][];
  private readonly closures: number[][];
  private readonly assessmentsDue: number[][];
  private readonly assignmentsDue: number[][];
  private readonly stories: StoryPlan;
  /** enrolments of the last two weeks still waiting for a case manager on the as-of date */
  private backlog = new Set<number>();

  constructor(
    private readonly config: ScaleConfig,
    private readonly seed: number,
    private readonly asOf: number,
  ) {
    this.rng = new Rng(seed, 'agency');
    this.start = asOf - Math.round(config.years * 365.25);
    this.programs = PROGRAMS.slice(0, config.programs);
    const days = asOf - this.start + 1;
    const buckets = <T>() => Array.from({ length: days }, () => [] as T[]);
    this.staffEvents = buckets<StaffEvent>();
    this.closures = buckets<number>();
    this.assessmentsDue = buckets<number>();
    this.assignmentsDue = buckets<number>();
    const dipFrom = firstOfMonth(asOf, -10);
    this.stories = {
      overloadedTeam: -1,
      overloadedFrom: asOf - 540,
      acuityFrom: firstOfMonth(asOf, -6),
      leaveStaff: -1,
      leaveFrom: asOf - 38,
      missedTeam: -1,
      missedDeparture: asOf - 75,
      unassigned: [],
      slowProvider: SLOW_PROVIDER_INDEX,
      dipTeam: -1,
      dipFrom,
      dipTo: firstOfMonth(asOf, -7) - 1,
      dipReviews: [],
    };
  }

  run(): Agency {
    this.buildOrganisation();
    this.buildProviders();
    this.seedCaseloads();
    const arrivals = this.planArrivals();
    for (let day = this.start; day <= this.asOf; day++) this.simulateDay(day, arrivals[day - this.start] ?? []);
    for (const s of this.staff) s.fileFte = s.idx === this.stories.leaveStaff ? 0 : s.fte;
    return {
      config: this.config,
      seed: this.seed,
      start: this.start,
      asOf: this.asOf,
      programs: this.programs,
      regions: this.regions,
      teams: this.teams,
      staff: this.staff,
      providers: this.providers,
      clients: this.clients,
      reviews: this.reviews,
      stories: this.stories,
      programManagers: this.programManagers,
      qaCoordinators: this.qaCoordinators,
      director: this.director,
    };
  }

  // ---------------------------------------------------------------- organisation

  private staffName(): string {
    for (;;) {
      const name = `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }

  private addStaff(role: Role, team: number | null, fte: number, languages: string[], region: string | null, hiredOn: number): Staff {
    const s: Staff = {
      idx: this.staff.length,
      staffId: `st-${pad(this.staff.length + 1, 4)}`,
      name: this.staffName(),
      role,
      team,
      fte,
      fileFte: fte,
      languages,
      region,
      hiredOn,
      leftOn: null,
      leaveFrom: null,
      target: this.rng.uniform(0.9, 1.1),
      hours: 0,
      caseload: [],
      monthly: new Map(),
    };
    if (role === 'case_manager' && team === this.stories.overloadedTeam) s.target = this.rng.uniform(0.96, 1.08);
    this.staff.push(s);
    return s;
  }

  private drawFte(): number {
    const x = this.rng.next();
    if (x < 0.78) return 1;
    if (x < 0.86) return 0.9;
    return this.rng.pick([0.5, 0.6, 0.75, 0.8]);
  }

  private buildOrganisation(): void {
    const { rng, config } = this;
    const counties = rng.shuffle(COUNTIES);
    for (let r = 0; r < config.regions; r++) {
      const region = REGIONS[r];
      if (!region) throw new Error('not enough regions in the catalog');
      this.regions.push({ ...region, counties: counties.splice(0, rng.int(3, 4)) });
    }

    // Story teams: four different teams (scale s has exactly four).
    const order = rng.shuffle(Array.from({ length: config.teams }, (_, i) => i));
    const [overloaded, dip, leave, missed] = order as [number, number, number, number];
    Object.assign(this.stories, { overloadedTeam: overloaded, dipTeam: dip, missedTeam: missed });

    const director = this.addStaff('director', null, 0, ['en'], null, this.start - 3000);
    this.director = director.idx;
    for (let i = 0; i < config.programManagers; i++) {
      this.programManagers.push(this.addStaff('program_manager', null, 0, ['en'], null, this.start - 2000).idx);
    }
    for (let i = 0; i < config.qaCoordinators; i++) {
      this.qaCoordinators.push(this.addStaff('other', null, 0, ['en'], null, this.start - 1500).idx);
    }

    const nameCount = new Map<string, number>();
    for (let i = 0; i < config.teams; i++) {
      const program = i % this.programs.length;
      const region = i % this.regions.length;
      const base = `${this.regions[region]!.label} ${this.programs[program]!.short} Team`;
      const n = (nameCount.get(base) ?? 0) + 1;
      nameCount.set(base, n);
      const languages: Team['languages'] = [];
      const howMany = rng.chance(0.55) ? 2 : 1;
      while (languages.length < howMany) {
        const code = rng.weighted(LANGUAGES);
        if (!languages.some((l) => l.code === code)) {
          languages.push({ code, share: languages.length === 0 ? rng.uniform(0.1, 0.22) : rng.uniform(0.04, 0.08) });
        }
      }
      const target = i === overloaded ? 1.0 : i === dip ? 0.95 : rng.uniform(0.88, 1.0);
      const supervisorLanguages = rng.chance(0.4) ? ['en', languages[0]!.code] : ['en'];
      const supervisor = this.addStaff('supervisor', i, 0, supervisorLanguages, this.regions[region]!.regionId, this.start - 1000);
      this.teams.push({
        idx: i,
        teamId: `team-${pad(i + 1, 2)}`,
        name: n > 1 ? `${base} ${n}` : base,
        program,
        region,
        supervisor: supervisor.idx,
        languages,
        members: [],
        target,
        lateTarget: i === overloaded ? 1.18 : target,
        lateFrom: i === overloaded ? this.stories.overloadedFrom : this.start,
      });
    }

    this.planSlots(leave);
  }

  /**
   * Case-manager positions per team, enough that the teams at their target loads hold
   * the planned number of active clients at the target acuity mix. Two extra positions
   * carry stories: the member who goes on leave (her clients become uncovered) and the
   * overloaded team's position that is cut and never refilled.
   */
  private planSlots(leaveTeam: number): void {
    const { rng, config, stories } = this;
    const weights = this.teams.map(() => rng.uniform(0.75, 1.25));
    const fte = this.teams.map(() => [] as number[]);
    const leaveCaseload = MODEL.caseHoursPerFte / AVERAGE_HOURS;
    const needed = (config.activeClients - leaveCaseload - 8) * AVERAGE_HOURS;
    const planned = () =>
      this.teams.reduce((sum, t, i) => sum + t.lateTarget * fte[i]!.reduce((a, b) => a + b, 0) * MODEL.caseHoursPerFte, 0);
    while (planned() < needed) {
      let best = 0;
      let bestScore = Infinity;
      for (let i = 0; i < this.teams.length; i++) {
        const score = fte[i]!.reduce((a, b) => a + b, 0) / weights[i]!;
        if (score < bestScore) {
          bestScore = score;
          best = i;
        }
      }
      fte[best]!.push(this.drawFte());
    }
    for (const team of this.teams) {
      const positions = fte[team.idx]!;
      const first = team.languages[0]!;
      const speakers = new Map<number, string>();
      const order = rng.shuffle(positions.map((_, i) => i));
      const firstCount = Math.max(2, Math.round(positions.length * 0.3));
      for (let k = 0; k < firstCount && k < order.length; k++) speakers.set(order[k]!, first.code);
      const second = team.languages[1];
      if (second) {
        const secondCount = Math.max(1, Math.round(positions.length * 0.15));
        for (let k = firstCount; k < firstCount + secondCount && k < order.length; k++) speakers.set(order[k]!, second.code);
      }
      positions.forEach((f, i) => this.openSlot(team.idx, speakers.get(i) ?? null, f, false));
    }
    // The case manager who goes on leave, in her own position.
    const leave = this.openSlot(leaveTeam, null, 1, true);
    stories.leaveStaff = leave;
    this.staff[leave]!.leaveFrom = stories.leaveFrom;
    this.schedule(stories.leaveFrom, { kind: 'leave', staff: leave });
    // The overloaded team's position cut 18 months ago: its holder leaves and is not replaced.
    const cut = this.openSlot(stories.overloadedTeam, null, 1, true);
    this.schedule(stories.overloadedFrom, { kind: 'depart', staff: cut, missed: 0, rehireOn: null });
    // The dip: two of the dip team's case managers leave a month apart; replacements come late.
    const dipSlots = this.slots
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.team === stories.dipTeam && s.language === null && !s.pinned)
      .slice(0, 2);
    const departures = [stories.dipFrom - 30, stories.dipFrom - 12];
    const rehires = [stories.dipTo - 20, stories.dipTo + 6];
    dipSlots.forEach(({ s }, k) => {
      s.pinned = true;
      this.schedule(departures[k]!, { kind: 'depart', staff: s.holder!, missed: 0, rehireOn: rehires[k]! });
    });
    // A departure 75 days ago in which two clients were missed when the caseload was handed over.
    const missedSlot = this.slots.find((s) => s.team === stories.missedTeam && s.language === null && !s.pinned);
    if (missedSlot) {
      missedSlot.pinned = true;
      this.schedule(stories.missedDeparture, { kind: 'depart', staff: missedSlot.holder!, missed: 2, rehireOn: this.asOf - 30 });
    }
    // Ordinary turnover, about 12% a year, for everyone not in a story.
    for (const slot of this.slots) if (!slot.pinned && slot.holder !== null) this.planTurnover(slot.holder, this.start);
  }

  /** Opens a position with its first holder, already employed when history starts. */
  private openSlot(team: number, language: string | null, fte: number, pinned: boolean): number {
    const slot: Slot = { team, language, holder: null, pinned };
    this.slots.push(slot);
    const s = this.hireInto(this.slots.length - 1, this.start - this.rng.int(60, 3000), fte);
    return s;
  }

  private hireInto(slotIdx: number, day: number, fte: number): number {
    const slot = this.slots[slotIdx]!;
    const team = this.teams[slot.team]!;
    const languages = slot.language ? ['en', slot.language] : ['en'];
    if (this.rng.chance(0.05)) {
      const extra = this.rng.weighted(LANGUAGES);
      if (!languages.includes(extra)) languages.push(extra);
    }
    const s = this.addStaff('case_manager', slot.team, fte, languages, this.regions[team.region]!.regionId, day);
    slot.holder = s.idx;
    team.members.push(s.idx);
    return s.idx;
  }

  private planTurnover(staff: number, from: number): void {
    const s = this.staff[staff]!;
    const day = from + Math.round(this.rng.exp(365 / 0.12));
    if (day < this.start + 20 || day > this.asOf) return;
    const { stories } = this;
    if (s.team === stories.overloadedTeam && day > stories.overloadedFrom - 90) return;
    if (s.team === stories.dipTeam && day > stories.dipFrom - 150) return;
    if (s.team === stories.missedTeam && day > stories.missedDeparture - 60) return;
    this.schedule(day, { kind: 'depart', staff, missed: 0, rehireOn: day + this.rng.int(30, 90) });
  }

  private schedule(day: number, event: StaffEvent): void {
    if (day < this.start || day > this.asOf) return;
    this.staffEvents[day - this.start]!.push(event);
  }

  private buildProviders(): void {
    for (let i = 0; i < this.config.providers; i++) {
      const spec = PROVIDERS[i];
      if (!spec) throw new Error('not enough providers in the catalog');
      const slow = i === SLOW_PROVIDER_INDEX;
      this.providers.push({
        providerId: `pr-${pad(i + 1, 2)}`,
        name: spec.name,
        serviceTypes: spec.serviceTypes,
        medianDays: slow ? 52 : this.rng.int(6, 16),
        slow,
      });
    }
  }

  // ---------------------------------------------------------------- clients

  private teamTarget(team: Team, day: number): number {
    // Once its clients grow heavier, intake sends the overloaded team fewer new ones.
    if (team.idx === this.stories.overloadedTeam && day >= this.stories.acuityFrom) return ACUITY_TARGET;
    return day >= team.lateFrom ? team.lateTarget : team.target;
  }

  private working(s: Staff, day: number): boolean {
    return s.leftOn === null && s.hiredOn <= day && (s.leaveFrom === null || day < s.leaveFrom);
  }

  private ratio(s: Staff): number {
    return s.hours / (s.fte * MODEL.caseHoursPerFte);
  }

  private teamRatio(team: Team, day: number): number | null {
    let hours = 0;
    let capacity = 0;
    for (const m of team.members) {
      const s = this.staff[m]!;
      if (!this.working(s, day)) continue;
      hours += s.hours;
      capacity += s.fte * MODEL.caseHoursPerFte;
    }
    return capacity > 0 ? hours / capacity : null;
  }

  /** The team with the most room under its target load (ties broken by a little noise). */
  private chooseTeam(day: number): number {
    let best = 0;
    let bestRoom = -Infinity;
    for (const team of this.teams) {
      const r = this.teamRatio(team, day);
      if (r === null) continue;
      const room = this.teamTarget(team, day) - r + this.rng.normal(0, 0.01);
      if (room > bestRoom) {
        bestRoom = room;
        best = team.idx;
      }
    }
    return best;
  }

  /** The working member with the lowest load (relative to their own level) who speaks the language. */
  private chooseStaff(team: Team, language: string | null, day: number, except = -1): number {
    let best = -1;
    let bestScore = Infinity;
    let bestSpeaks = false;
    for (const m of team.members) {
      if (m === except) continue;
      const s = this.staff[m]!;
      if (!this.working(s, day)) continue;
      const speaks = !language || language === 'en' || s.languages.includes(language);
      const score = this.ratio(s) / s.target + this.rng.uniform(0, 0.02);
      if ((speaks && !bestSpeaks) || (speaks === bestSpeaks && score < bestScore)) {
        best = m;
        bestScore = score;
        bestSpeaks = speaks;
      }
    }
    return best;
  }

  private pickLanguage(team: Team, day: number): string | null {
    const { rng } = this;
    if (rng.chance(0.015)) return null;
    let x = rng.next();
    for (const l of team.languages) {
      if (x < l.share) {
        const covered = team.members.some((m) => this.working(this.staff[m]!, day) && this.staff[m]!.languages.includes(l.code));
        return covered ? l.code : 'en';
      }
      x -= l.share;
    }
    return 'en';
  }

  private createClient(team: Team, enrolled: number, lifeEnd: number, day: number, preexisting: boolean): Client {
    const { rng } = this;
    const program = this.programs[team.program]!;
    const [minAge, maxAge, typical] = program.ages;
    const age = Math.min(maxAge, Math.max(minAge, Math.round(rng.normal(typical, (maxAge - minAge) / 5))));
    const region = this.regions[team.region]!;
    const c: Client = {
      idx: this.clients.length,
      clientId: `cl-${pad(this.clients.length + 1, 6)}`,
      program: team.program,
      team: team.idx,
      birthYear: Math.max(1900, yearOf(enrolled) - age),
      county: rng.pick(region.counties),
      language: this.pickLanguage(team, day),
      region: region.regionId,
      enrolled,
      lifeEnd,
      closed: null,
      closureReason: null,
      assessments: [],
      assignments: [],
      tierNow: null,
      nextAssessment: 0,
      holder: -1,
      holderPos: -1,
      assignedPos: -1,
    };
    this.clients.push(c);
    this.planAssessments(c, team, preexisting);
    if (lifeEnd <= this.asOf) {
      c.closed = lifeEnd;
      let tier: Tier = 2;
      for (const a of c.assessments) if (a.day < lifeEnd) tier = a.tier;
      c.closureReason = rng.weighted(CLOSURE_REASONS_BY_TIER[tier]);
      if (lifeEnd >= this.start) this.closures[lifeEnd - this.start]!.push(c.idx);
    }
    // Tier on `day` and the first assessment still to come.
    while (c.nextAssessment < c.assessments.length && c.assessments[c.nextAssessment]!.day <= day) {
      c.tierNow = c.assessments[c.nextAssessment]!.tier;
      c.nextAssessment++;
    }
    this.queueNextAssessment(c);
    return c;
  }

  private queueNextAssessment(c: Client): void {
    const next = c.assessments[c.nextAssessment];
    if (next && next.day <= this.asOf) this.assessmentsDue[next.day - this.start]!.push(c.idx);
  }

  /**
   * The client's assessments over the whole stay: the initial one within ~30 days of
   * enrolment, reassessments on the tier's cycle (mostly a little early, some late —
   * more often in the overloaded team), and occasional changes in condition. Tiers
   * persist or are redrawn from the target mix, so the active mix stays near it.
   * The overloaded team's assessments from `acuityFrom` on are then drawn again, from
   * their own random stream, with its heavier mix (see `heavierFrom`).
   */
  private planAssessments(c: Client, team: Team, preexisting: boolean): void {
    const { rng } = this;
    const overloaded = team.idx === this.stories.overloadedTeam;
    const lateShare = overloaded ? 0.3 : 0.09;
    const end = Math.min(c.lifeEnd, this.asOf + 1);
    const tier: Tier = rng.weighted(TIER_MIX);
    const needs = sampleNeeds(rng, tier);
    let day: number;
    let kind: AssessmentKind;
    if (preexisting && c.enrolled < this.start - 400) {
      // History begins mid-stay: the last reassessment before it.
      day = this.start - rng.int(1, Math.round(MODEL.reassessmentDays[tier] * 1.05));
      kind = 'reassessment';
    } else {
      day = c.enrolled + (rng.chance(overloaded ? 0.16 : 0.06) ? rng.int(31, 60) : rng.int(1, 28));
      kind = 'initial';
    }
    this.assessmentRun(c, rng, { mix: TIER_MIX, lateShare, changeRate: CHANGE_RATE }, { day, kind, needs }, end);
    if (overloaded) this.heavierFrom(c, end);
  }

  /**
   * The acuity story: from `acuityFrom` (six months before the as-of date) the
   * overloaded team takes the program's high-need referrals (nursing-facility
   * transitions, hospital discharges). Its clients' assessments from then on —
   * reassessments, more frequent changes in condition, new clients' initial ones — are
   * drawn from a heavier mix, so its weighted hours per client rise while its clients
   * per FTE fall back towards the agency's. Drawn from the client's own stream, so the
   * agency's history before that date is exactly what it was without the story.
   */
  private heavierFrom(c: Client, end: number): void {
    const from = this.stories.acuityFrom;
    if (end <= from) return;
    const rng = new Rng(this.seed, `acuity:${c.idx}`);
    const before = c.assessments.filter((a) => a.day < from);
    const next = c.assessments.find((a) => a.day >= from);
    const last = before[before.length - 1];
    let day: number;
    let kind: AssessmentKind;
    if (next) {
      day = next.day;
      kind = next.kind;
    } else if (last && rng.chance(HEAVY_EXTRA_CHANGE)) {
      // No assessment due before the as-of date: a change in condition brings one forward.
      day = from + rng.int(0, end - from - 1);
      kind = 'change_in_condition';
    } else return;
    c.assessments = before;
    const tier = rng.weighted(HEAVY_TIER_MIX);
    const needs = last ? evolveNeeds(rng, last.needs, tier) : sampleNeeds(rng, tier);
    this.assessmentRun(c, rng, { mix: HEAVY_TIER_MIX, lateShare: 0.3, changeRate: HEAVY_CHANGE_RATE }, { day, kind, needs }, end);
  }

  /** Assessments from the first one given up to `end`, each planning the next. */
  private assessmentRun(
    c: Client,
    rng: Rng,
    plan: { mix: readonly (readonly [Tier, number])[]; lateShare: number; changeRate: number },
    first: { day: number; kind: AssessmentKind; needs: Needs },
    end: number,
  ): void {
    let { day, kind, needs } = first;
    while (day < end) {
      const computed = computedTier(needs);
      let override: Tier | null = null;
      if (rng.chance(0.03)) override = Math.min(4, Math.max(1, computed + (rng.chance(0.5) ? 1 : -1))) as Tier;
      if (override === computed) override = null;
      const a: Assessment = { day, kind, needs, override, tier: override ?? computed };
      c.assessments.push(a);
      const cycle = MODEL.reassessmentDays[a.tier];
      const reassess = rng.chance(plan.lateShare) ? day + cycle + rng.int(3, 100) : day + cycle - rng.int(0, 45);
      const change = rng.chance((plan.changeRate * cycle) / 365) ? day + rng.int(20, cycle - 20) : Infinity;
      let tier: Tier;
      if (change < reassess) {
        day = change;
        kind = 'change_in_condition';
        tier = rng.chance(0.4) ? (Math.min(4, a.tier + 1) as Tier) : rng.weighted(plan.mix);
      } else {
        day = reassess;
        kind = 'reassessment';
        // The same chance of a new tier per year whatever the cycle, so time spent in each tier follows the mix.
        tier = rng.chance(0.62 ** (cycle / 365)) ? a.tier : rng.weighted(plan.mix);
      }
      needs = evolveNeeds(rng, needs, tier);
    }
  }

  private lengthOfStay(program: ProgramSpec): number {
    return LENGTH_OF_STAY[program.programId] ?? 1000;
  }

  /** The agency on the first day of history: each team near its target load. */
  private seedCaseloads(): void {
    const { rng, start } = this;
    const capacity = this.teams.map((t) => t.members.reduce((sum, m) => sum + this.staff[m]!.fte * MODEL.caseHoursPerFte * t.target, 0));
    const total = capacity.reduce((a, b) => a + b, 0);
    for (const team of this.teams) {
      const count = Math.round((capacity[team.idx]! / total) * this.config.activeClients);
      const stay = this.lengthOfStay(this.programs[team.program]!);
      for (let i = 0; i < count; i++) {
        const enrolled = start - 1 - Math.min(4000, Math.round(rng.exp(stay)));
        const lifeEnd = start + 1 + Math.round(rng.exp(stay));
        const c = this.createClient(team, enrolled, lifeEnd, start, true);
        const to = this.chooseStaff(team, c.language, start);
        if (to >= 0) this.assign(c, to, c.enrolled);
      }
    }
  }

  /** Enrolment dates: a steady flow that replaces closures, so the active count holds. */
  private planArrivals(): number[][] {
    const { rng, start, asOf } = this;
    let perDay = 0;
    const capacity = this.teams.map((t) =>
      t.members.reduce((sum, m) => sum + this.staff[m]!.fte * MODEL.caseHoursPerFte * t.lateTarget, 0),
    );
    const total = capacity.reduce((a, b) => a + b, 0);
    for (const team of this.teams) {
      perDay += ((capacity[team.idx]! / total) * this.config.activeClients) / this.lengthOfStay(this.programs[team.program]!);
    }
    const days: number[][] = Array.from({ length: asOf - start + 1 }, () => []);
    let next = 0;
    for (let day = start + 1; day <= asOf; day++) {
      const n = rng.poisson(weekday(day) === 0 || weekday(day) === 6 ? perDay * 0.3 : perDay * 1.28);
      for (let i = 0; i < n; i++) days[day - start]!.push(next++);
    }
    // The intake backlog: six of the last two weeks' enrolments are not yet assigned.
    const recent: number[] = [];
    for (let day = asOf - 13; day <= asOf; day++) recent.push(...days[day - start]!);
    this.backlog = new Set(rng.shuffle(recent).slice(0, 6));
    return days;
  }

  // ---------------------------------------------------------------- assignment bookkeeping

  private attach(c: Client, staff: number): void {
    const s = this.staff[staff]!;
    c.holder = staff;
    c.holderPos = s.caseload.length;
    s.caseload.push(c.idx);
    s.hours += tierHours(c.tierNow);
    c.assignedPos = this.assigned.length;
    this.assigned.push(c.idx);
  }

  private detach(c: Client): void {
    const s = this.staff[c.holder]!;
    const lastIdx = s.caseload.pop()!;
    if (lastIdx !== c.idx) {
      s.caseload[c.holderPos] = lastIdx;
      this.clients[lastIdx]!.holderPos = c.holderPos;
    }
    s.hours -= tierHours(c.tierNow);
    const lastAssigned = this.assigned.pop()!;
    if (lastAssigned !== c.idx) {
      this.assigned[c.assignedPos] = lastAssigned;
      this.clients[lastAssigned]!.assignedPos = c.assignedPos;
    }
    c.holder = -1;
    c.holderPos = -1;
    c.assignedPos = -1;
  }

  private assign(c: Client, staff: number, day: number): void {
    c.assignments.push({ staff, start: day, end: null });
    this.attach(c, staff);
  }

  /** Hands the client to `staff` from `day`: the old assignment ends the day the new one starts. */
  private transfer(c: Client, staff: number, day: number): void {
    const current = c.assignments[c.assignments.length - 1]!;
    this.detach(c);
    if (current.start === day) current.staff = staff;
    else {
      current.end = day;
      c.assignments.push({ staff, start: day, end: null });
    }
    this.attach(c, staff);
  }

  private unassign(c: Client, day: number): void {
    const current = c.assignments[c.assignments.length - 1]!;
    this.detach(c);
    if (current.start === day) c.assignments.pop();
    else current.end = day;
  }

  // ---------------------------------------------------------------- the day loop

  private simulateDay(day: number, arrivals: number[]): void {
    const off = day - this.start;
    for (const ev of this.staffEvents[off]!) this.staffEvent(ev, day);
    for (const idx of this.closures[off]!) {
      const c = this.clients[idx]!;
      if (c.holder >= 0) this.unassign(c, day);
    }
    for (const idx of this.assessmentsDue[off]!) {
      const c = this.clients[idx]!;
      const a = c.assessments[c.nextAssessment]!;
      if (c.holder >= 0) this.staff[c.holder]!.hours += tierHours(a.tier) - tierHours(c.tierNow);
      c.tierNow = a.tier;
      c.nextAssessment++;
      this.queueNextAssessment(c);
    }
    for (const arrival of arrivals) this.arrive(day, this.backlog.has(arrival));
    for (const idx of this.assignmentsDue[off]!) {
      const c = this.clients[idx]!;
      if (c.holder >= 0 || (c.closed !== null && c.closed <= day)) continue;
      const to = this.chooseStaff(this.teams[c.team]!, c.language, day);
      if (to >= 0) this.assign(c, to, day);
    }
    this.randomTransfers(day);
    if (weekday(day) !== 0 && weekday(day) !== 6) this.qaReviews(day);
    if (day === workday(this.stories.dipTo - 16)) this.dipReviews(day);
    if (day === this.asOf || monthKey(day + 1) !== monthKey(day)) {
      if (day >= this.stories.acuityFrom) this.evenOut(this.teams[this.stories.overloadedTeam]!, day);
      this.monthEnd(day);
    }
  }

  private staffEvent(ev: StaffEvent, day: number): void {
    switch (ev.kind) {
      case 'leave':
        // Nothing moves: her clients stay on her caseload, uncovered.
        return;
      case 'hire': {
        const s = this.hireInto(ev.slot, day, this.drawFte());
        if (!this.slots[ev.slot]!.pinned) this.planTurnover(s, day + 90);
        if (day + 10 <= this.asOf) this.schedule(day + 10, { kind: 'ramp', staff: s });
        return;
      }
      case 'ramp':
        this.rampUp(ev.staff, day);
        return;
      case 'depart':
        this.depart(ev, day);
        return;
    }
  }

  private depart(ev: Extract<StaffEvent, { kind: 'depart' }>, day: number): void {
    const s = this.staff[ev.staff]!;
    if (s.leftOn !== null) return;
    const team = this.teams[s.team!]!;
    const slotIdx = this.slots.findIndex((x) => x.holder === s.idx);
    const slot = this.slots[slotIdx];
    if (slot && !slot.pinned) {
      // Ordinary turnover never leaves a team with fewer than three working members.
      const working = team.members.filter((m) => this.working(this.staff[m]!, day)).length;
      if (working <= 3) return;
    }
    s.leftOn = day;
    team.members = team.members.filter((m) => m !== s.idx);
    if (slot) slot.holder = null;
    let missed = ev.missed;
    for (const idx of [...s.caseload]) {
      const c = this.clients[idx]!;
      if (missed > 0 && c.lifeEnd > this.asOf) {
        this.unassign(c, day);
        this.stories.unassigned.push(c.idx);
        missed--;
        continue;
      }
      const to = this.chooseStaff(team, c.language, day);
      if (to >= 0) this.transfer(c, to, day);
      else this.unassign(c, day);
    }
    if (ev.rehireOn !== null && ev.rehireOn <= this.asOf) this.schedule(ev.rehireOn, { kind: 'hire', slot: slotIdx });
  }

  /** Ten days after a hire the supervisor moves clients from the busiest members to the new one. */
  private rampUp(staff: number, day: number): void {
    const n = this.staff[staff]!;
    if (!this.working(n, day)) return;
    const team = this.teams[n.team!]!;
    for (let moves = 0; moves < 25; moves++) {
      const teamRatio = this.teamRatio(team, day) ?? 0;
      if (this.ratio(n) >= 0.6 * teamRatio) return;
      let donor = -1;
      let worst = -Infinity;
      for (const m of team.members) {
        const s = this.staff[m]!;
        if (m === staff || !this.working(s, day) || s.caseload.length === 0) continue;
        const r = this.ratio(s) / s.target;
        if (r > worst) {
          worst = r;
          donor = m;
        }
      }
      if (donor < 0) return;
      const d = this.staff[donor]!;
      let moved = false;
      for (let tries = 0; tries < 6 && !moved; tries++) {
        const c = this.clients[this.rng.pick(d.caseload)]!;
        if (c.language && c.language !== 'en' && !n.languages.includes(c.language)) continue;
        this.transfer(c, staff, day);
        moved = true;
      }
      if (!moved) return;
    }
  }

  /**
   * Month end in the overloaded team once its clients grow heavier: the supervisor
   * evens out the caseloads, moving clients from the most loaded member (relative to
   * their level) to the least loaded while that narrows the gap.
   */
  private evenOut(team: Team, day: number): void {
    const working = team.members.filter((m) => this.working(this.staff[m]!, day));
    for (let moves = 0; moves < 40; moves++) {
      let donor: Staff | undefined;
      let taker: Staff | undefined;
      for (const m of working) {
        const s = this.staff[m]!;
        if (!donor || this.ratio(s) / s.target > this.ratio(donor) / donor.target) donor = s;
        if (!taker || this.ratio(s) / s.target < this.ratio(taker) / taker.target) taker = s;
      }
      if (!donor || !taker || donor === taker) return;
      const gap = (this.ratio(donor) / donor.target - this.ratio(taker) / taker.target) * MODEL.caseHoursPerFte;
      let moved = false;
      for (let tries = 0; tries < 8 && !moved; tries++) {
        const c = this.clients[this.rng.pick(donor.caseload)]!;
        if (c.language && c.language !== 'en' && !taker.languages.includes(c.language)) continue;
        // Only a move that leaves the two closer than they were.
        if (tierHours(c.tierNow) >= gap) continue;
        this.transfer(c, taker.idx, day);
        moved = true;
      }
      if (!moved) return;
    }
  }

  private arrive(day: number, backlog: boolean): void {
    const { rng } = this;
    const team = this.teams[this.chooseTeam(day)]!;
    const stay = this.lengthOfStay(this.programs[team.program]!);
    const lifeEnd = day + 20 + Math.round(rng.exp(stay - 20));
    const c = this.createClient(team, day, lifeEnd, day, false);
    if (backlog) {
      this.stories.unassigned.push(c.idx);
      return;
    }
    if (day < this.asOf - 10 && rng.chance(0.2)) {
      this.assignmentsDue[day + rng.int(1, 5) - this.start]!.push(c.idx);
      return;
    }
    const to = this.chooseStaff(team, c.language, day);
    if (to >= 0) this.assign(c, to, day);
  }

  /** About 3% of clients a year change case manager within the team (client request, move, fit). */
  private randomTransfers(day: number): void {
    const { rng } = this;
    const n = rng.poisson((this.assigned.length * 0.03) / 365);
    for (let i = 0; i < n; i++) {
      if (this.assigned.length === 0) return;
      const c = this.clients[rng.pick(this.assigned)]!;
      const holder = this.staff[c.holder]!;
      if (!this.working(holder, day)) continue;
      const to = this.chooseStaff(this.teams[c.team]!, c.language, day, c.holder);
      if (to >= 0 && to !== c.holder) this.transfer(c, to, day);
    }
  }

  private findings(score: number): string | null {
    const { rng } = this;
    if (score >= 95) return rng.chance(0.6) ? null : 'No deficiencies noted';
    if (score >= 85) return rng.chance(0.75) ? rng.pick(FINDINGS_MINOR) : rng.pick(FINDINGS_MAJOR);
    const first = rng.pick(FINDINGS_MAJOR);
    let second = rng.chance(0.5) ? rng.pick(FINDINGS_MAJOR) : rng.pick(FINDINGS_MINOR);
    if (second === first) second = rng.pick(FINDINGS_MINOR);
    return `${first}; ${second}`;
  }

  private addReview(r: Omit<QaReview, 'reviewId'>): string {
    const reviewId = `qa-${pad(this.reviews.length + 1, 5)}`;
    this.reviews.push({ reviewId, ...r });
    return reviewId;
  }

  /** About one record review per case manager per quarter, by the supervisor or the QA coordinator. */
  private qaReviews(day: number): void {
    const { rng, stories } = this;
    for (const team of this.teams) {
      const members = team.members.filter((m) => this.working(this.staff[m]!, day) && this.staff[m]!.caseload.length > 0);
      const n = rng.poisson(members.length / 65);
      for (let i = 0; i < n; i++) {
        const s = this.staff[rng.pick(members)]!;
        const inDip = team.idx === stories.dipTeam && day >= stories.dipFrom && day <= stories.dipTo;
        const [mean, sd] = inDip ? [82, 7] : team.idx === stories.overloadedTeam ? [88, 6.5] : [92.5, 5];
        const score = Math.min(100, Math.max(40, Math.round(rng.normal(mean, sd))));
        const action = score < 85 ? rng.chance(0.85) : rng.chance(0.06);
        let due: number | null = null;
        let closed: number | null = null;
        if (action) {
          const allowed = rng.pick([14, 30, 30, 30, 45, 60]);
          due = day + allowed;
          const neverClosed = rng.chance(day > this.asOf - 180 ? 0.25 : 0.02);
          if (!neverClosed) {
            closed = day + rng.int(3, allowed + 25);
            if (closed > this.asOf) closed = null;
          }
        }
        this.addReview({
          client: rng.pick(s.caseload),
          staff: s.idx,
          reviewer: rng.chance(0.65) ? team.supervisor : rng.pick(this.qaCoordinators),
          day,
          score,
          findings: this.findings(score),
          correctiveAction: action ? rng.pick(CORRECTIVE_ACTIONS) : null,
          actionDue: due,
          actionClosed: closed,
        });
      }
    }
  }

  /**
   * The dip story's reviews: two months into the dip the program manager reviews the
   * busiest members' records; a team-wide corrective action follows, closed on time.
   */
  private dipReviews(day: number): void {
    const { rng, stories } = this;
    const team = this.teams[stories.dipTeam]!;
    const busiest = team.members
      .filter((m) => this.working(this.staff[m]!, day) && this.staff[m]!.caseload.length > 0)
      .sort((a, b) => this.ratio(this.staff[b]!) - this.ratio(this.staff[a]!))
      .slice(0, 3);
    const reviewer = this.programManagers[0] ?? this.qaCoordinators[0]!;
    const scores = [72, 76, 80];
    busiest.forEach((m, k) => {
      const s = this.staff[m]!;
      const first = k === 0;
      stories.dipReviews.push(
        this.addReview({
          client: rng.pick(s.caseload),
          staff: m,
          reviewer,
          day,
          score: scores[k]!,
          findings: 'Contact frequency below standard for tier; Client not notified of case manager change',
          correctiveAction: first
            ? 'Audit every transferred case, complete overdue contacts and notify clients of their new case manager'
            : 'Complete missing contact and document outcome',
          actionDue: day + (first ? 30 : 14),
          actionClosed: day + (first ? 26 : 12),
        }),
      );
    });
  }

  private monthEnd(day: number): void {
    const key = monthKey(day);
    for (const team of this.teams) {
      for (const m of team.members) {
        const s = this.staff[m]!;
        if (this.working(s, day)) s.monthly.set(key, this.ratio(s));
      }
    }
  }
}
