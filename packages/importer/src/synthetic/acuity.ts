import type { Rng } from './prng.ts';

export type Tier = 1 | 2 | 3 | 4;

/** The assessment fields of domain.md that feed the acuity score. */
export interface Needs {
  adl: number;
  iadl: number;
  cognitive: boolean | null;
  livesAlone: boolean | null;
  hospitalized: boolean | null;
  aps: boolean | null;
  behavioral: boolean | null;
}

/** The target acuity mix of active clients: 25% / 45% / 22% / 8%. */
export const TIER_MIX: readonly (readonly [Tier, number])[] = [
  [1, 25],
  [2, 45],
  [3, 22],
  [4, 8],
];

/**
 * The mix the overloaded team's clients are assessed into once it takes the program's
 * high-need referrals: about half at tiers 3–4. Its active mix ends up near 35–40% at
 * tiers 3–4, the agency's (about a third of the clients) near the target mix.
 */
export const HEAVY_TIER_MIX: readonly (readonly [Tier, number])[] = [
  [1, 16],
  [2, 40],
  [3, 30],
  [4, 14],
];

const b = (v: boolean | null) => (v ? 1 : 0);

/** metrics.md: score = 2·adl + iadl + 3·cog + 2·alone + 3·hosp + 4·aps + 2·bh (null counts as 0). */
function needsScore(n: Needs): number {
  return 2 * n.adl + n.iadl + 3 * b(n.cognitive) + 2 * b(n.livesAlone) + 3 * b(n.hospitalized) + 4 * b(n.aps) + 2 * b(n.behavioral);
}

/** metrics.md tier bands (≤5, 6–11, 12–19, ≥20); APS involvement raises the tier to at least 3. */
export function computedTier(n: Needs): Tier {
  const s = needsScore(n);
  const t: Tier = s <= 5 ? 1 : s <= 11 ? 2 : s <= 19 ? 3 : 4;
  return n.aps && t < 3 ? 3 : t;
}

interface Prior {
  adl: readonly [number, number];
  iadl: readonly [number, number];
  cognitive: number;
  livesAlone: number;
  hospitalized: number;
  aps: number;
  behavioral: number;
}

/** Field distributions that make each tier likely; rejection keeps exactly the tier asked for. */
const PRIORS: Record<Tier, Prior> = {
  1: { adl: [0, 1], iadl: [0, 3], cognitive: 0.05, livesAlone: 0.4, hospitalized: 0.05, aps: 0, behavioral: 0.05 },
  2: { adl: [0, 3], iadl: [1, 5], cognitive: 0.2, livesAlone: 0.45, hospitalized: 0.2, aps: 0, behavioral: 0.15 },
  3: { adl: [2, 5], iadl: [3, 7], cognitive: 0.4, livesAlone: 0.45, hospitalized: 0.35, aps: 0.08, behavioral: 0.25 },
  4: { adl: [4, 6], iadl: [5, 8], cognitive: 0.65, livesAlone: 0.45, hospitalized: 0.5, aps: 0.25, behavioral: 0.35 },
};

/** A yes/no field; about 2% are left blank, as real assessment exports do. */
function flag(rng: Rng, p: number): boolean | null {
  if (rng.chance(0.02)) return null;
  return rng.chance(p);
}

function draw(rng: Rng, prior: Prior): Needs {
  return {
    adl: rng.int(prior.adl[0], prior.adl[1]),
    iadl: rng.int(prior.iadl[0], prior.iadl[1]),
    cognitive: flag(rng, prior.cognitive),
    livesAlone: flag(rng, prior.livesAlone),
    hospitalized: flag(rng, prior.hospitalized),
    aps: prior.aps === 0 ? false : flag(rng, prior.aps),
    behavioral: flag(rng, prior.behavioral),
  };
}

/** Fields that score exactly `tier` under the metrics.md formula. */
export function sampleNeeds(rng: Rng, tier: Tier): Needs {
  const prior = PRIORS[tier];
  for (let i = 0; i < 500; i++) {
    const n = draw(rng, prior);
    if (computedTier(n) === tier) return n;
  }
  // Unreachable with the priors above; a fixed profile of the tier keeps the contract.
  const fixed: Record<Tier, Needs> = {
    1: { adl: 0, iadl: 1, cognitive: false, livesAlone: true, hospitalized: false, aps: false, behavioral: false },
    2: { adl: 2, iadl: 3, cognitive: false, livesAlone: true, hospitalized: false, aps: false, behavioral: false },
    3: { adl: 4, iadl: 5, cognitive: true, livesAlone: false, hospitalized: false, aps: false, behavioral: false },
    4: { adl: 6, iadl: 7, cognitive: true, livesAlone: true, hospitalized: false, aps: false, behavioral: false },
  };
  return fixed[tier];
}

const step = (rng: Rng, v: number, lo: number, hi: number, down: number, up: number) => {
  const x = rng.next();
  const next = x < down ? v - 1 : x < down + up ? v + 1 : v;
  return Math.min(hi, Math.max(lo, next));
};

const maybeFlip = (rng: Rng, v: boolean | null, p: number) => (rng.chance(p) ? !v : v);

/**
 * The next assessment's fields: small changes from the last one (functioning mostly
 * maintained, sometimes improved, more often declined) that land in `tier`; a fresh
 * draw when small changes cannot get there.
 */
export function evolveNeeds(rng: Rng, prev: Needs, tier: Tier): Needs {
  for (let i = 0; i < 40; i++) {
    const n: Needs = {
      adl: step(rng, prev.adl, 0, 6, 0.12, 0.22),
      iadl: step(rng, prev.iadl, 0, 8, 0.15, 0.25),
      cognitive: maybeFlip(rng, prev.cognitive, 0.08),
      livesAlone: maybeFlip(rng, prev.livesAlone, 0.05),
      hospitalized: rng.chance(PRIORS[tier].hospitalized),
      aps: tier < 3 ? false : maybeFlip(rng, prev.aps, 0.1),
      behavioral: maybeFlip(rng, prev.behavioral, 0.06),
    };
    if (computedTier(n) === tier) return n;
  }
  return sampleNeeds(rng, tier);
}
