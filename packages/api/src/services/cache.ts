/**
 * Computed figures, kept while they are true.
 *
 * A report over an agency's history costs seconds to compute at scale (millions of
 * contacts), and the same report is asked for again and again by everyone who opens
 * the page. A result is kept under (procedure, agency, data version, settings version,
 * input): the data version is bumped by triggers in the same transaction as any change
 * to the agency's imported data, the settings version by every settings change, and both
 * are read (one round trip) before every lookup. So a figure read after an import or a
 * settings change is never one computed before it: the key has moved on, and the stale
 * entry is never read again (it ages out of the LRU).
 *
 * Concurrent requests for a missing entry share one computation (no stampede of 20
 * users recomputing the same report). A failed computation is not kept.
 *
 * Opt-in per database handle: the server attaches a cache to its handle
 * (attachResultCache); the CLI and the tests of the services compute every time.
 * Cached values are deep-frozen, so a caller that tried to modify a shared result would
 * fail loudly instead of corrupting what the next caller reads.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { agencyVersions, type AgencyVersions, type Database, openReadScope } from '@caseload/db';
import type { Kysely } from 'kysely';

export interface ResultCacheOptions {
  /** most entries kept (least recently used dropped first) */
  maxEntries?: number;
  /** most bytes of JSON kept, estimated once per entry */
  maxBytes?: number;
}

interface Entry {
  value: Promise<unknown>;
  bytes: number;
}

export interface ResultCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(options: ResultCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2_000;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  }

  /** The kept value of `key`, or the one `compute` gives (shared by concurrent callers). */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) {
      this.hits += 1;
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value as Promise<T>;
    }
    this.misses += 1;
    const entry: Entry = { value: Promise.resolve(), bytes: 0 };
    entry.value = compute().then(
      (value) => {
        deepFreeze(value);
        if (this.entries.get(key) === entry) {
          entry.bytes = approximateBytes(value);
          this.bytes += entry.bytes;
          this.evict();
        }
        return value;
      },
      (error: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, entry);
    this.evict();
    return entry.value as Promise<T>;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): ResultCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}

const caches = new WeakMap<object, ResultCache>();

/** Keep computed figures for queries made through `db` (the server's handle). */
export function attachResultCache(db: Kysely<Database>, cache: ResultCache = new ResultCache()): ResultCache {
  caches.set(db, cache);
  return cache;
}

interface RequestVersions {
  memo: Map<string, Promise<AgencyVersions>>;
  /** the versions read so far (the session lookup's, or versionsOf's), which a reader must have caught up with */
  known: Map<string, AgencyVersions>;
}

const requestVersions = new AsyncLocalStorage<RequestVersions>();

export interface RequestScope {
  run<T>(fn: () => T): T;
  /** ends the request's reader snapshot, if it took one (call when the response is sent) */
  end(): Promise<void>;
}

/**
 * One request: the figures it asks for share one reading of each agency's versions (one
 * round trip per request, not one per figure; none when the session lookup brought
 * them, knownRequestVersions). On a handle with a reader (DATABASE_READ_URL), the
 * request's reads come from the reader once it has caught up with those versions,
 * else from the primary (@caseload/db routing.ts). The server opens one for every tRPC
 * query request; not for mutations, whose own writes would move the versions mid-request.
 */
export function startRequestVersions(): RequestScope {
  const state: RequestVersions = { memo: new Map(), known: new Map() };
  const reads = openReadScope(() => state.known);
  return {
    run: (fn) => requestVersions.run(state, () => reads.run(fn)),
    end: () => reads.close(),
  };
}

/** `fn` as one request (startRequestVersions), ended when its promise settles. */
export async function withRequestVersions<T>(fn: () => Promise<T>): Promise<T> {
  const scope = startRequestVersions();
  try {
    return await scope.run(fn);
  } finally {
    await scope.end();
  }
}

/**
 * Within a request (startRequestVersions), the versions already read with the caller's
 * session (sessions.ts), so the request's figures need no round trip of their own.
 */
export function knownRequestVersions(agencyId: string, versions: AgencyVersions): void {
  const state = requestVersions.getStore();
  if (state && !state.memo.has(agencyId)) {
    state.memo.set(agencyId, Promise.resolve(versions));
    state.known.set(agencyId, versions);
  }
}

/** The agency's data and settings versions, read once per request (startRequestVersions). */
export function versionsOf(db: Kysely<Database>, agencyId: string): Promise<AgencyVersions> {
  const state = requestVersions.getStore();
  if (!state) return agencyVersions(db, agencyId);
  let found = state.memo.get(agencyId);
  if (!found) {
    found = agencyVersions(db, agencyId).then((versions) => {
      state.known.set(agencyId, versions);
      return versions;
    });
    state.memo.set(agencyId, found);
  }
  return found;
}

/**
 * `compute`, kept per (name, agency, data version, settings version, input) when `db`
 * has a cache attached; otherwise `compute` itself.
 */
export function cached<I, R>(
  name: string,
  compute: (db: Kysely<Database>, agencyId: string, input: I) => Promise<R>,
): (db: Kysely<Database>, agencyId: string, input: I) => Promise<R> {
  return (db, agencyId, input) => keptView(db, agencyId, name, input, () => compute(db, agencyId, input));
}

/**
 * A procedure's whole answer, kept per (procedure, agency, data and settings version,
 * `key`). What a role may see is decided inside `compute` (the shaping), so `key` must
 * hold everything the answer depends on besides the data and settings: the caller's
 * scope, the day when a date defaults to today, the input. Only for answers without a
 * side effect (a client-level list, whose every view is audited, is not kept).
 */
export async function keptView<T>(
  db: Kysely<Database>,
  agencyId: string,
  name: string,
  key: unknown,
  compute: () => Promise<T>,
): Promise<T> {
  const cache = caches.get(db);
  if (!cache) return compute();
  const versions = await versionsOf(db, agencyId);
  return cache.get(`${name}\u0000${agencyId}\u0000${versions.data}\u0000${versions.settings}\u0000${stableJson(key)}`, compute);
}

/** JSON with object keys sorted, so equal inputs give equal keys. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
}

function approximateBytes(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
