/**
 * Throttles repeated failed sign-ins, per email and per client IP, over a sliding
 * window. State is kept in this process's memory: it is lost on restart and each
 * server process counts on its own (so N processes allow at most N times the
 * limit). That is the right trade for one Node process per agency deployment; a
 * larger fleet would move the counters into the database.
 *
 * A throttled attempt is refused before the password is checked, so guessing
 * cannot continue while blocked. A successful sign-in clears that email's count
 * (not the IP's: one office IP may serve many people, so its limit is higher).
 */
export interface ThrottleOptions {
  windowMs: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  /** cap on tracked keys, so a flood of random emails cannot exhaust memory */
  maxKeys: number;
}

export const defaultThrottleOptions: ThrottleOptions = {
  windowMs: 15 * 60_000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
  maxKeys: 50_000,
};

export type ThrottleDecision = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  readonly options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...defaultThrottleOptions, ...options };
  }

  check(email: string, ip: string | null, now: Date): ThrottleDecision {
    const t = now.getTime();
    const waits = [
      this.waitFor(`email:${email.toLowerCase()}`, this.options.maxFailuresPerEmail, t),
      ip ? this.waitFor(`ip:${ip}`, this.options.maxFailuresPerIp, t) : 0,
    ];
    const waitMs = Math.max(...waits);
    return waitMs > 0 ? { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { blocked: false };
  }

  recordFailure(email: string, ip: string | null, now: Date): void {
    const t = now.getTime();
    this.push(`email:${email.toLowerCase()}`, t);
    if (ip) this.push(`ip:${ip}`, t);
  }

  recordSuccess(email: string): void {
    this.failures.delete(`email:${email.toLowerCase()}`);
  }

  /** ms until fewer than `max` failures remain in the window (0 = not blocked) */
  private waitFor(key: string, max: number, t: number): number {
    const list = this.recent(key, t);
    if (list.length < max) return 0;
    const unblockingFailure = list[list.length - max] as number;
    return unblockingFailure + this.options.windowMs - t;
  }

  private recent(key: string, t: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const cutoff = t - this.options.windowMs;
    const kept = list.filter((x) => x > cutoff);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== list.length) this.failures.set(key, kept);
    return kept;
  }

  private push(key: string, t: number): void {
    const list = this.recent(key, t);
    list.push(t);
    this.failures.set(key, list);
    if (this.failures.size > this.options.maxKeys) this.sweep(t);
  }

  private sweep(t: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, t);
    // still too many live keys: forget the oldest-inserted ones
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.options.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
