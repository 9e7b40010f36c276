/**
 * Kept answers on the wire: GET queries of the procedures whose answers are kept
 * (services/cache.ts keptView — pure functions of the agency's data and settings
 * versions, the caller's scope, the input and the day) get an ETag, and
 *
 * - a client that sends it back (If-None-Match) is answered 304, nothing run or sent;
 * - the answer's bytes, as tRPC's handler wrote them, and their brotli and gzip forms,
 *   are kept under that ETag's key, so the next request for the same key is answered
 *   from them without running the procedure, serializing 100–450 kB of JSON, or
 *   compressing it again.
 *
 * Only public APIs: Fastify hooks around the official adapter (a preHandler answers a
 * kept key; onSend keeps what tRPC answered). The session is always resolved first (so
 * a signed-out or expired session is never answered from here), and the key holds
 * everything the answer depends on: agency, data version, settings version (read with
 * the session, so an import or a settings change moves every key on), the caller
 * (user, role, teams, programs, staff), the quarter-hour (a date that defaults to
 * today), the procedures and the input. Errors are never kept.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type Caller, versionsOf } from '@caseload/api';
import type { Database } from '@caseload/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerMetrics } from './metrics.ts';

/**
 * Procedures answered by keptView with no side effect: the answer a function of the key.
 * Never a client-level list (survey comments, corrective actions, worklists, drill-downs):
 * every view of one is written to the audit log (Standard 4), so it always runs, even
 * when its service answer is kept.
 */
const KEPT_PROCEDURES: ReadonlySet<string> = new Set([
  'meta.directory',
  'caseload.report',
  'caseload.trend',
  'compliance.report',
  'feedback.report',
  'outcomes.report',
  'providers.report',
  'qa.report',
]);

/** Procedures that compute over an agency's history when their answer is not kept: rate-limited per user. */
const EXPENSIVE_PROCEDURES: ReadonlySet<string> = new Set([
  ...KEPT_PROCEDURES,
  'feedback.comments',
  'qa.actions',
  'caseload.staffClients',
  'worklist.list',
  'rebalance.propose',
  'intake.rank',
  'board.report',
]);

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
}

interface Pending {
  key: string;
  etag: string;
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

  constructor(private readonly opts: KeptAnswersOptions) {
    this.maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    opts.metrics.setWireStats(() => ({ entries: this.entries.size, bytes: this.bytes }));
  }

  /** A GET of kept procedures only. */
  isKept(request: FastifyRequest): boolean {
    const names = procedures(request);
    return names.length > 0 && names.every((name) => KEPT_PROCEDURES.has(name));
  }

  /** A request that may compute (rate-limited), unless answered from a kept key before. */
  isExpensive(request: FastifyRequest): boolean {
    return procedures(request).some((name) => EXPENSIVE_PROCEDURES.has(name));
  }

  /** preHandler (after the session is resolved): 304, or the kept bytes, or nothing (the procedure runs). */
  async answerIfKept(request: FastifyRequest, reply: FastifyReply, caller: Caller): Promise<void> {
    // read with the session (one statement per request): no round trip of its own
    const versions = await versionsOf(this.opts.db, caller.agencyId);
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          caller.agencyId,
          versions.data,
          versions.settings,
          caller.userId,
          caller.role,
          caller.teamIds,
          caller.programIds,
          caller.staffId,
          Math.floor(this.opts.now().getTime() / QUARTER_HOUR_MS),
          request.url,
        ]),
      )
      .digest('base64url');
    const etag = `W/"${key.slice(0, 32)}"`;
    this.pending.set(request, { key, etag });
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
      this.opts.metrics.keptAnswer('not_modified');
      reply.code(304).header('etag', etag).header('cache-control', 'private, no-cache');
      await reply.send();
      return;
    }
    const entry = this.opts.fastQueries ? this.entries.get(key) : undefined;
    if (!entry) return;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, entry);
    const body = await this.encoded(entry, reply, negotiate(request.headers['accept-encoding']));
    this.opts.metrics.keptAnswer('hit', body.length);
    reply.code(200).header('content-type', entry.contentType).header('etag', etag).header('cache-control', 'private, no-cache');
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
          ? await brotli(entry.json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.json.length } })
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
    reply.header('etag', pending.etag).header('cache-control', 'private, no-cache');
    if (this.opts.fastQueries) {
      this.opts.metrics.keptAnswer('miss');
      const entry: Entry = {
        json,
        contentType: payload.headers.get('content-type') ?? 'application/json',
        vary: payload.headers.get('vary') ?? 'trpc-accept, accept',
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
