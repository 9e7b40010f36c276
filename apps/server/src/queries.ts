/**
 * GET requests for tRPC queries, answered without tRPC's Fetch-API round trip and with
 * each kept answer's JSON written once.
 *
 * Why: at agency scale a page's answer is 100–450 kB of JSON with unrounded rates, and
 * JSON.stringify of it costs 0.6–3 ms of the server's CPU on every request, although
 * the answer itself is kept (services/cache.ts) and deep-frozen, so its JSON cannot
 * change. Here the JSON of a frozen answer is kept beside it (a WeakMap: it goes when
 * the answer leaves the cache), so a kept answer costs a string copy.
 *
 * What it is not: a second API. The procedure runs exactly as under tRPC's own
 * handler — the same router, input parsing, access guard, context and error formatter
 * (tRPC's callProcedure path, getErrorShape and getHTTPStatusCode) — and the wire
 * format is tRPC's: `{"result":{"data":…}}`, or an array of those for `?batch=1`, and
 * the same error shapes and statuses. Anything this path does not handle exactly
 * (a mutation or unknown procedure, input that is not JSON, a batch input that is
 * not an object) goes to tRPC's handler before any work is done. A test sends the same
 * requests through both and compares status, headers and bodies byte for byte.
 */
import type http from 'node:http';
import { appRouter, type createContextInner } from '@caseload/api';
import { type TRPCError } from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';

type Context = Awaited<ReturnType<typeof createContextInner>>;
type AnyProcedure = (opts: {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: Context;
  type: 'query';
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>;

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

export interface QueryPathOptions {
  createContext: () => Promise<Context>;
  onError: (opts: { error: TRPCError; path: string }) => void;
  /** extra headers for a response holding these errors (Retry-After for 503) */
  errorHeaders: (errors: TRPCError[]) => Record<string, string>;
}

/** tRPC keeps the router's procedures flat, by path ('caseload.report'). */
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;

/** The JSON (UTF-8) of each frozen (kept) answer, encoded once. */
const keptJson = new WeakMap<object, Buffer>();

/** JSON of a procedure's answer as UTF-8; a deep-frozen answer's is kept (it cannot change). */
export function answerJson(data: unknown): Buffer {
  if (data === null || typeof data !== 'object' || !Object.isFrozen(data)) return Buffer.from(JSON.stringify(data) ?? 'null');
  let json = keptJson.get(data);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(data));
    keptJson.set(data, json);
  }
  return json;
}

/**
 * The calls of a GET query request, or null when tRPC's handler should answer it
 * (exactly as tRPC would: we only take the requests whose every part we mirror).
 */
export function parseQueryRequest(url: URL, procedurePath: string): { calls: Call[]; batch: boolean } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(procedurePath);
  } catch {
    return null;
  }
  const batch = url.searchParams.get('batch') === '1';
  const paths = batch ? decoded.split(',') : [decoded];
  const rawInput = url.searchParams.get('input');
  let inputs: unknown;
  if (rawInput) {
    try {
      inputs = JSON.parse(rawInput);
    } catch {
      return null;
    }
  }
  if (batch && inputs !== undefined && (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))) return null;
  const calls: Call[] = [];
  for (const [index, path] of paths.entries()) {
    if (!Object.hasOwn(procedures, path)) return null;
    const procedure = procedures[path];
    if (procedure?._def.type !== 'query') return null;
    const input = batch ? (inputs as Record<string, unknown> | undefined)?.[index] : inputs;
    calls.push({ path, procedure: procedure as unknown as AnyProcedure, input });
  }
  return { calls, batch };
}

const RESULT_OPEN = Buffer.from('{"result":{"data":');
const RESULT_CLOSE = Buffer.from('}}');

type Outcome = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/** Runs the calls (as tRPC's resolveResponse does for queries) and writes the answer. */
export async function answerQueries(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  parsed: { calls: Call[]; batch: boolean },
  opts: QueryPathOptions,
): Promise<void> {
  const config = appRouter._def._config;
  let ctx: Context | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await opts.createContext();
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  const outcomes = await Promise.all(
    parsed.calls.map(async (call, batchIndex): Promise<Outcome> => {
      try {
        if (ctxError) throw ctxError;
        const data = await call.procedure({
          path: call.path,
          getRawInput: async () => call.input,
          ctx: ctx as Context,
          type: 'query',
          signal: undefined,
          batchIndex,
        });
        return { ok: true, data };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        opts.onError({ error, path: call.path });
        return { ok: false, error };
      }
    }),
  );
  const shapes = outcomes.map((o, i) => {
    if (o.ok) return null;
    const call = parsed.calls[i] as Call;
    return getErrorShape({ config, ctx, error: o.error, input: call.input, path: call.path, type: 'query' });
  });
  const envelopes = outcomes.map((o, i) => (o.ok ? { result: { data: o.data } } : { error: shapes[i] }));
  const status = getHTTPStatusCode(envelopes as Parameters<typeof getHTTPStatusCode>[0]);
  const chunks: Buffer[] = [];
  if (parsed.batch) chunks.push(Buffer.from('['));
  outcomes.forEach((o, i) => {
    if (i > 0) chunks.push(Buffer.from(','));
    if (!o.ok) chunks.push(Buffer.from(JSON.stringify({ error: shapes[i] })));
    else if (o.data === undefined) chunks.push(Buffer.from('{"result":{}}'));
    else chunks.push(RESULT_OPEN, answerJson(o.data), RESULT_CLOSE);
  });
  if (parsed.batch) chunks.push(Buffer.from(']'));
  const body = Buffer.concat(chunks);
  const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  res.statusCode = status;
  res.setHeader('vary', 'trpc-accept, accept');
  res.setHeader('content-type', 'application/json');
  for (const [name, value] of Object.entries(opts.errorHeaders(errors))) res.setHeader(name, value);
  res.end(req.method === 'HEAD' ? undefined : body);
}
