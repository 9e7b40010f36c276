/**
 * Kept answers on the wire: GET queries of the procedures whose answers are kept
 * (services/cache.ts keptView — pure functions of the agency's data and settings
 * versions, the caller's scope, the input and the day; the board report also of the
 * plans of correction and saved scenarios, whose fingerprint joins its key) get an ETag, and
 *
 * - a client that sends it back (If-None-Match) is answered 304, nothing run or sent;
 * - the answer's bytes, as tRPC's handler wrote them, and their brotli and gzip forms,
 *   are kept under that ETag's key, so the next request for the same key is answered
 *   from them without running the procedure, serializing 100–450 kB of JSON, or
 *   compressing it again.
 *
 * Client-level lists (survey comments, corrective actions, worklists, drill-downs,
 * rebalancing proposals) are kept too, because every view of one is written to the
 * audit log (Standard 4): the entry keeps the audit entries its first view wrote (a
 * function of the same key: list, filters, client count), and answering it again
 * writes them again, as the calling user, before a byte is sent — if the write fails,
 * nothing is sent. They carry no ETag and stay `no-store`: a browser keeps no copy of
 * a client list, and a view the server did not see (a 304) would be a view unaudited.
 *
 * Only public APIs: Fastify hooks around the official adapter (a preHandler answers a
 * kept key; onSend keeps what tRPC answered; the tRPC context reports the audit
 * entries a procedure wrote). The session is always resolved first (so
 * a signed-out or expired session is never answered from here), and the key holds
 * everything the answer depends on: agency and its name, data version, settings version (read with
 * the session, so an import or a settings change moves every key on), the caller
 * (user, email, role, teams, programs, staff), the quarter-hour (a date that defaults to
 * today), the procedures and the input. Errors are never kept.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type AuditedEntry, type Caller, versionsOf } from '@caseload/api';
import { AuditBatcher, boardInputsFingerprint, type Database } from '@caseload/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerMetrics } from './metrics.ts';

/** Procedures answered by keptView with no side effect: the answer a function of the key. */
const KEPT_PROCEDURES: ReadonlySet<string> = new Set([
  'auth.me',
  'meta.directory',
  'caseload.report',
  'caseload.trend',
  'compliance.report',
  'feedback.report',
  'outcomes.report',
  'providers.report',
  'qa.report',
  'intake.rank',
  // the forecast's service keeps its answer per data and settings version too (routers/forecast.ts)
  'forecast.report',
  // with the fingerprint of the plans of correction and saved scenarios it reads (below)
  'board.report',
]);

/**
 * Kept procedures that also read rows no version covers: the fingerprint of those rows,
 * read at every request, joins the key, so an edit shows at the next view.
 */
const FINGERPRINTS: ReadonlyMap<string, (db: Kysely<Database>, agencyId: string) => Promise<string>> = new Map([
  // plans of correction (its standards section) and saved scenarios (its staffing need)
  ['board.report', boardInputsFingerprint],
]);

/**
 * Client-level lists: the answer a function of the key, and every view audited. Kept
 * with the audit entries of their first view, written again at every view answered
 * from kept bytes; never a 304.
 */
const AUDITED_PROCEDURES: ReadonlySet<string> = new Set([
  'caseload.staffClients',
  'worklist.list',
  'feedback.comments',
  'qa.actions',
  'rebalance.propose',
]);

/**
 * Kept answers no browser keeps (no ETag, no 304, `no-store`), though no view is audited:
 * who is signed in (the caller's own fields, all in the key; today; the agency's first
 * record date) is not left in the HTTP cache of a shared computer after signing out.
 */
const NOT_STORED_PROCEDURES: ReadonlySet<string> = new Set(['auth.me']);

/** Procedures that compute over an agency's history when their answer is not kept: rate-limited per user. */
const EXPENSIVE_PROCEDURES: ReadonlySet<string> = new Set(
  [...KEPT_PROCEDURES, ...AUDITED_PROCEDURES, 'board.report'].filter((name) => name !== 'auth.me'),
);

/** JSON smaller than this is sent as is (as @fastify/compress does). */
const COMPRESS_THRESHOLD = 1024;
const QUARTER_HOUR_MS = 15 * 60_000;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

interface Entry {
  json: Buffer;
  contentType: string;
  vary: string;
  br?: Buffer;
  gzip?: Buffer;
  /** left the cache: a compressed form made meanwhile is not counted in */
  evicted?: boolean;
  /** the audit entries the answer's first view wrote, written again at every view from here */
  audits: AuditedEntry[];
}

interface Pending {
  key: string;
  etag: string;
  /** a client-level list: audited at every view */
  audited: boolean;
  /** no ETag, no 304, no-store: a client-level list, or who is signed in */
  notStored: boolean;
  /** the audit entries the procedures wrote while answering this request */
  audits: AuditedEntry[];
}

export interface KeptAnswersOptions {
  db: Kysely<Database>;
  /** false: every request runs the procedure (ETags and 304s still) */
  fastQueries: boolean;
  now: () => Date;
  metrics: ServerMetrics;
  /** most bytes kept (JSON and compressed forms); default 256 MiB */
  maxBytes?: number;
}

function procedures(request: FastifyRequest): string[] {
  const raw = (request.params as { path?: string } | undefined)?.path;
  if (!raw) return [];
  try {
    return decodeURIComponent(raw).split(',');
  } catch {
    return [];
  }
}

/** br, gzip or identity, as the client accepts (q=0 refuses). */
function negotiate(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? accepted.get('x-gzip') ?? 0) > 0) return 'gzip';
  return null;
}

export class KeptAnswers {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new WeakMap<FastifyRequest, Pending>();
  private readonly maxBytes: number;
  private bytes = 0;
  /** the audit rows of views answered from here: one commit for the views that arrive together */
  private readonly audits: AuditBatcher;

  constructor(private readonly opts: KeptAnswersOptions) {
    this.maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    this.audits = new AuditBatcher(opts.db);
    opts.metrics.setWireStats(() => ({ entries: this.entries.size, bytes: this.bytes }));
  }

  /** A GET of kept procedures only (client-level lists among them or not). */
  isKept(request: FastifyRequest): boolean {
    const names = procedures(request);
    return names.length > 0 && names.every((name) => KEPT_PROCEDURES.has(name) || AUDITED_PROCEDURES.has(name));
  }

  /** The tRPC context's audit hook: an entry a procedure of this request wrote. */
  recordAudit(request: FastifyRequest, entry: AuditedEntry): void {
    this.pending.get(request)?.audits.push(entry);
  }

  /** A request that may compute (rate-limited), unless answered from a kept key before. */
  isExpensive(request: FastifyRequest): boolean {
    return procedures(request).some((name) => EXPENSIVE_PROCEDURES.has(name));
  }

  /** preHandler (after the session is resolved): 304, or the kept bytes, or nothing (the procedure runs). */
  async answerIfKept(request: FastifyRequest, reply: FastifyReply, caller: Caller): Promise<void> {
    // read with the session (one statement per request): no round trip of its own
    const versions = await versionsOf(this.opts.db, caller.agencyId);
    const names = procedures(request);
    const fingerprints = await Promise.all(
      names.flatMap((name) => {
        const fingerprint = FINGERPRINTS.get(name);
        return fingerprint ? [fingerprint(this.opts.db, caller.agencyId)] : [];
      }),
    );
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          caller.agencyId,
          caller.agencyName,
          versions.data,
          versions.settings,
          caller.userId,
          caller.email,
          caller.role,
          caller.teamIds,
          caller.programIds,
          caller.staffId,
          Math.floor(this.opts.now().getTime() / QUARTER_HOUR_MS),
          request.url,
          fingerprints,
        ]),
      )
      .digest('base64url');
    const etag = `W/"${key.slice(0, 32)}"`;
    const audited = names.some((name) => AUDITED_PROCEDURES.has(name));
    const notStored = audited || names.some((name) => NOT_STORED_PROCEDURES.has(name));
    this.pending.set(request, { key, etag, audited, notStored, audits: [] });
    if (!notStored && request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
      this.opts.metrics.keptAnswer('not_modified');
      reply.code(304).header('etag', etag).header('cache-control', 'private, no-cache');
      await reply.send();
      return;
    }
    const entry = this.opts.fastQueries ? this.entries.get(key) : undefined;
    if (!entry || (audited && entry.audits.length === 0)) return;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, entry);
    // this view is audited as the first was, before anything is sent (a failed write answers 500)
    const at = this.opts.now();
    await Promise.all(
      entry.audits.map((audit) =>
        this.audits.write({
          agencyId: caller.agencyId,
          userId: caller.userId,
          actor: caller.email,
          action: audit.action,
          details: audit.details,
          at,
        }),
      ),
    );
    const body = await this.encoded(entry, reply, negotiate(request.headers['accept-encoding']));
    this.opts.metrics.keptAnswer('hit', body.length);
    reply.code(200).header('content-type', entry.contentType);
    if (!notStored) reply.header('etag', etag).header('cache-control', 'private, no-cache');
    await reply.send(body);
  }

  /** The entry's bytes in the encoding the client takes (compressed once, then kept), with its headers. */
  private async encoded(entry: Entry, reply: FastifyReply, encoding: 'br' | 'gzip' | null): Promise<Buffer> {
    if (encoding === null || entry.json.length < COMPRESS_THRESHOLD) {
      reply.header('vary', entry.vary);
      return entry.json;
    }
    let body = entry[encoding];
    if (!body) {
      body =
        encoding === 'br'
          ? await brotli(entry.json, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.json.length },
            })
          : await gzip(entry.json, { level: 6 });
      if (!entry[encoding] && !entry.evicted) {
        entry[encoding] = body;
        this.bytes += body.length;
        this.evict();
      }
    }
    reply.header('vary', `${entry.vary}, accept-encoding`).header('content-encoding', encoding);
    return body;
  }

  /**
   * onSend of /trpc: what tRPC answered (a fetch Response) becomes bytes, so that
   * @fastify/compress leaves a small answer as it is and compresses a large one in one
   * go rather than as a stream; for a kept key a success gets its ETag and is kept.
   */
  async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (!(payload instanceof Response)) return payload;
    const json = Buffer.from(await payload.arrayBuffer());
    reply.code(payload.status);
    payload.headers.forEach((value, name) => {
      reply.header(name, value);
    });
    const pending = this.pending.get(request);
    if (!pending || payload.status !== 200) return json;
    if (!pending.notStored) reply.header('etag', pending.etag).header('cache-control', 'private, no-cache');
    // a client-level list whose view wrote no audit entry is never answered from kept bytes
    if (this.opts.fastQueries && (!pending.audited || pending.audits.length > 0)) {
      this.opts.metrics.keptAnswer('miss');
      const entry: Entry = {
        json,
        contentType: payload.headers.get('content-type') ?? 'application/json',
        vary: payload.headers.get('vary') ?? 'trpc-accept, accept',
        audits: pending.audits,
      };
      const old = this.entries.get(pending.key);
      if (old) old.evicted = true;
      if (old) this.bytes -= old.json.length + (old.br?.length ?? 0) + (old.gzip?.length ?? 0);
      this.entries.set(pending.key, entry);
      this.bytes += json.length;
      this.evict();
    }
    return json;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) return;
      this.entries.delete(key);
      entry.evicted = true;
      this.bytes -= entry.json.length + (entry.br?.length ?? 0) + (entry.gzip?.length ?? 0);
    }
  }
}
