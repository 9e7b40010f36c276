import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appRouter,
  attachResultCache,
  ResultCache,
  withRequestVersions,
  clearedSessionCookie,
  createContextInner,
  defaultSessionPolicy,
  LoginThrottle,
  login,
  logout,
  resolveSession,
  type SessionPolicy,
  sessionCookie,
  sessionTokenFromCookie,
} from '@caseload/api';
import type { Database } from '@caseload/db';
import { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { handleImportUpload } from './imports.ts';
import { isDatabaseUnreachable } from './lostConnection.ts';
import { answerQueries, parseQueryRequest } from './queries.ts';
import { type BoardPdfOptions, handleBoardPdf } from './reports.ts';
import { type Clock, createClock } from '@caseload/clock';

export interface AppOptions {
  db: Kysely<Database>;
  /** the one clock (@caseload/clock): today for every default date, the instant for sessions; default the real one, unpinned */
  clock?: Clock;
  throttle?: LoginThrottle;
  sessionPolicy?: SessionPolicy;
  /** the built dashboard (index.html + assets); default apps/dashboard/dist */
  dashboardDir?: string;
  /** behind a reverse proxy: take the client address from X-Forwarded-For and the host from X-Forwarded-Host */
  trustProxy?: boolean;
  /** largest accepted request body; default 1 MiB */
  maxBodyBytes?: number;
  /** /healthz reports 503 when `select 1` takes longer; default 2000 ms */
  healthTimeoutMs?: number;
  /** POST /admin/imports: largest upload and largest unzipped total (imports.ts defaults: 500 MB, 2 GB) */
  importLimits?: { maxUploadBytes?: number; maxUncompressedBytes?: number; tempDir?: string };
  /** GET /reports/board.pdf: the Chromium binary (env.ts CHROMIUM_PATH; default /usr/bin/chromium) and, for tests, the printer */
  pdf?: Pick<BoardPdfOptions, 'chromiumPath' | 'print'>;
  /** where server-side errors are written (never to the client); default stderr */
  logError?: (message: string, error?: unknown) => void;
  /**
   * Computed figures kept per data and settings version (see @caseload/api services/cache.ts);
   * default: a new cache on `db`. `false` computes every request.
   */
  resultCache?: ResultCache | false;
  /**
   * GET queries answered by queries.ts (the same procedures, guard and wire format, a
   * kept answer's JSON written once); default true. false: tRPC's handler answers every
   * request (the equivalence test compares the two).
   */
  fastQueries?: boolean;
}

/** What a request that needs the database is told while the database cannot be reached (503). */
export const DATABASE_UNAVAILABLE = 'The database is not available right now. Try again in a moment.';
/** seconds a client is asked to wait before retrying while the database is unavailable */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * Sent on every response. The dashboard's scripts and styles are files of its
 * own origin; 'unsafe-inline' is allowed for styles only (chart libraries set
 * style attributes), never for scripts.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.csv': 'text/csv; charset=utf-8',
};

const loginBody = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
});

function firstHeader(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

function isHttps(req: http.IncomingMessage): boolean {
  return ('encrypted' in req.socket && Boolean(req.socket.encrypted)) || firstHeader(req.headers['x-forwarded-proto']) === 'https';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Answers 413 and reads (discards) what the client is still sending, so it sees
 * the answer rather than a reset connection; an upload far past the limit is cut.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > 16 * limit) req.destroy();
  });
  req.resume();
  sendJson(res, 413, { error: `The request body is larger than ${Math.floor(limit / 1024)} KiB.` }, { Connection: 'close' });
}

type BodyResult = { ok: true; body: Buffer } | { ok: false };

function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    refuseTooLarge(req, res, limit);
    return Promise.resolve({ ok: false });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        refuseTooLarge(req, res, limit);
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) resolve({ ok: true, body: Buffer.concat(chunks) });
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

export function createApp(opts: AppOptions): http.Server {
  const server = http.createServer(createRequestHandler(opts));
  // slow-loris guard: a client must send its headers and body promptly
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  return server;
}

export function createRequestHandler(opts: AppOptions): http.RequestListener {
  const { db } = opts;
  if (opts.resultCache !== false) attachResultCache(db, opts.resultCache ?? new ResultCache());
  const clock = opts.clock ?? createClock();
  const now = () => clock.now();
  const throttle = opts.throttle ?? new LoginThrottle();
  const policy = opts.sessionPolicy ?? defaultSessionPolicy;
  const dashboardDir = path.resolve(opts.dashboardDir ?? DEFAULT_DASHBOARD_DIR);
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const healthTimeoutMs = opts.healthTimeoutMs ?? 2000;
  const fastQueries = opts.fastQueries ?? true;
  const logError =
    opts.logError ??
    ((message: string, error?: unknown) => {
      console.error(`[${new Date().toISOString()}] ${message}`, error ?? ''); // wall-clock: a log line's timestamp
    });

  const clientIp = (req: http.IncomingMessage): string | null =>
    (opts.trustProxy ? firstHeader(req.headers['x-forwarded-for']) : undefined) ?? req.socket.remoteAddress ?? null;

  /**
   * Cross-site request refusal for every state-changing request: the browser's
   * Origin must be this host, and Sec-Fetch-Site, when sent, must say
   * same-origin. A request with neither header is refused too (send Origin).
   */
  const crossSiteReason = (req: http.IncomingMessage): string | null => {
    const site = firstHeader(req.headers['sec-fetch-site']);
    const origin = req.headers.origin;
    if (site !== undefined && site !== 'same-origin') return 'This request came from another site and was refused.';
    if (origin === undefined) {
      return site === 'same-origin' ? null : 'This request has no Origin header and was refused; send Origin: <this server>.';
    }
    const expectedHost = (opts.trustProxy ? firstHeader(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'This request came from another site and was refused.';
    }
    return expectedHost && originHost === expectedHost ? null : 'This request came from another site and was refused.';
  };

  async function health(res: http.ServerResponse, head: boolean): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), healthTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const body = JSON.stringify({ ok: answered });
    res.writeHead(answered ? 200 : 503, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    });
    res.end(head ? undefined : body);
  }

  async function handleLogin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      sendJson(res, 415, { error: 'Send the sign-in as JSON: {"email": "…", "password": "…"} with Content-Type: application/json.' });
      return;
    }
    const read = await readBody(req, res, Math.min(maxBody, 64 * 1024));
    if (!read.ok) return;
    let json: unknown;
    try {
      json = JSON.parse(read.body.toString('utf8'));
    } catch {
      sendJson(res, 400, { error: 'The request body is not valid JSON. Send {"email": "…", "password": "…"}.' });
      return;
    }
    const parsed = loginBody.safeParse(json);
    if (!parsed.success) {
      sendJson(res, 400, { error: 'Send both an email and a password: {"email": "…", "password": "…"}.' });
      return;
    }
    const result = await login(db, { ...parsed.data, ip: clientIp(req) }, { throttle, now, policy });
    if (result.ok) {
      const cookie = sessionCookie(result.token, { secure: isHttps(req), maxAgeSeconds: policy.absoluteMs / 1000 });
      sendJson(res, 200, { ok: true }, { 'Set-Cookie': cookie });
    } else if (result.reason === 'throttled') {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      sendJson(
        res,
        429,
        {
          error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          retryAfterSeconds: result.retryAfterSeconds,
        },
        { 'Retry-After': result.retryAfterSeconds },
      );
    } else {
      sendJson(res, 401, { error: 'The email or password is incorrect.' });
    }
  }

  async function handleLogout(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.resume();
    await logout(db, sessionTokenFromCookie(req.headers.cookie), now());
    res.writeHead(204, { 'Set-Cookie': clearedSessionCookie({ secure: isHttps(req) }), 'Cache-Control': 'no-store' });
    res.end();
  }

  /** The context of a tRPC request: the caller of the request's session (503 while the database is down). */
  const trpcContext = (req: http.IncomingMessage) => async () => {
    let caller: Awaited<ReturnType<typeof resolveSession>>;
    try {
      caller = await resolveSession(db, sessionTokenFromCookie(req.headers.cookie), now(), policy);
    } catch (err) {
      // every procedure starts here: while the database is down, say so (503), not "something went wrong"
      if (isDatabaseUnreachable(err)) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: err });
      throw err;
    }
    return createContextInner({ db, caller, clock });
  };
  const onTrpcError = ({ error, path: procedure }: { error: TRPCError; path: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE') {
      logError(`tRPC ${procedure ?? '(unknown)'} failed`, error.cause ?? error);
    }
  };
  const retryAfter = (errors: readonly TRPCError[]): Record<string, string> =>
    errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) } : {};

  async function handleTrpc(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      refuseTooLarge(req, res, maxBody);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    const procedurePath = url.pathname.slice('/trpc/'.length);
    // Queries: one reading of the data and settings versions (with the session) for all
    // the figures of the request. Mutations read them at each figure: their own writes move them.
    if (req.method === 'GET') {
      const parsed = fastQueries && url.pathname.startsWith('/trpc/') ? parseQueryRequest(url, procedurePath) : null;
      if (parsed) {
        await withRequestVersions(() =>
          answerQueries(req, res, parsed, { createContext: trpcContext(req), onError: onTrpcError, errorHeaders: retryAfter }),
        );
        return;
      }
    }
    const handle = () =>
      nodeHTTPRequestHandler({
        router: appRouter,
        req,
        res,
        path: procedurePath,
        maxBodySize: maxBody,
        createContext: trpcContext(req),
        responseMeta: ({ errors }) => ({ headers: retryAfter(errors) }),
        onError: onTrpcError,
      });
    await (req.method === 'GET' || req.method === 'HEAD' ? withRequestVersions(handle) : handle());
  }

  async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, size: number, cache: string) {
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': cache,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file);
      stream.on('error', (err) => {
        logError(`reading ${file} failed`, err);
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  }

  async function fileStat(file: string) {
    try {
      return await stat(file);
    } catch {
      return null;
    }
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const index = path.join(dashboardDir, 'index.html');
    const indexStat = await fileStat(index);
    if (!indexStat?.isFile()) {
      const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body><main><h1>The dashboard has not been built yet</h1>
<p>The server is running, but there is no built dashboard in <code>${dashboardDir.replace(/[<>&]/g, '')}</code>.</p>
<p>Build it with <code>pnpm --filter @caseload/dashboard build</code> (or start with <code>pnpm start</code>, which builds it first), then reload this page.</p>
</main></body></html>`;
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      sendText(res, 400, 'Bad request: the address is not valid.');
      return;
    }
    if (decoded.includes('\0')) {
      sendText(res, 400, 'Bad request: the address is not valid.');
      return;
    }
    const file = path.resolve(dashboardDir, `.${path.posix.normalize(decoded)}`);
    const inside = file.startsWith(dashboardDir + path.sep);
    const found = inside ? await fileStat(file) : null;
    if (found?.isFile()) {
      const immutable = decoded.startsWith('/assets/');
      await sendFile(req, res, file, found.size, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    // a missing file (it has an extension) is a 404; any other path is a dashboard route
    if (path.posix.extname(decoded) !== '') {
      sendText(res, 404, 'Not found.', { 'Cache-Control': 'no-store' });
      return;
    }
    await sendFile(req, res, index, indexStat.size, 'no-cache');
  }

  return (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (isHttps(req)) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');

    const route = async () => {
      const method = req.method ?? 'GET';
      let url: URL;
      let pathname: string;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
        pathname = url.pathname;
      } catch {
        sendText(res, 400, 'Bad request: the address is not valid.');
        return;
      }
      const allow = (methods: string) => sendJson(res, 405, { error: `Use ${methods}.` }, { Allow: methods });

      if (pathname === '/healthz') {
        if (method !== 'GET' && method !== 'HEAD') return allow('GET, HEAD');
        return health(res, method === 'HEAD');
      }
      if (pathname === '/auth/login' || pathname === '/auth/logout') {
        if (method !== 'POST') return allow('POST');
        const refusal = crossSiteReason(req);
        if (refusal) {
          req.resume();
          return sendJson(res, 403, { error: refusal });
        }
        return pathname === '/auth/login' ? handleLogin(req, res) : handleLogout(req, res);
      }
      // POST uploads import files (imports.ts); GET is the dashboard's import page
      if (pathname === '/admin/imports' && method === 'POST') {
        const refusal = crossSiteReason(req);
        if (refusal) {
          req.resume();
          return sendJson(res, 403, { error: refusal });
        }
        return handleImportUpload(req, res, { db, now, clock, policy, logError, ...opts.importLimits });
      }
      // the board report PDF (reports.ts): a GET that records the export, refused cross-site
      if (pathname === '/reports/board.pdf') {
        if (method !== 'GET') return allow('GET');
        return handleBoardPdf(req, res, url, { db, now, clock, policy, logError, trustProxy: opts.trustProxy, ...opts.pdf });
      }
      if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
        if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') return allow('GET, POST');
        if (method === 'POST') {
          const refusal = crossSiteReason(req);
          if (refusal) {
            req.resume();
            return sendJson(res, 403, { error: refusal });
          }
        }
        return handleTrpc(req, res, url);
      }
      if (method !== 'GET' && method !== 'HEAD') return allow('GET, HEAD');
      return handleStatic(req, res, pathname);
    };

    route().catch((err: unknown) => {
      logError(`${req.method} ${req.url} failed`, err);
      if (res.headersSent) res.destroy();
      else if (isDatabaseUnreachable(err)) {
        req.resume();
        sendJson(res, 503, { error: DATABASE_UNAVAILABLE }, { 'Retry-After': DATABASE_RETRY_AFTER_SECONDS });
      } else sendJson(res, 500, { error: 'Something went wrong on the server. The error has been logged.' });
    });
  };
}
