/**
 * The HTTP server: Fastify with the official tRPC adapter at /trpc, the sign-in routes
 * (auth.ts), browser imports (imports.ts), the board report PDF (reports.ts), /healthz
 * and the built dashboard (precompressed, ETag/304). Security headers on every
 * response (@fastify/helmet), JSON above 1 kB compressed (@fastify/compress), one log
 * line per request (pino) with its id in X-Request-Id, Prometheus metrics (metrics.ts),
 * per-user rate limits on expensive procedures and the PDF (@fastify/rate-limit).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import {
  appRouter,
  attachResultCache,
  createContextInner,
  defaultSessionPolicy,
  LoginThrottle,
  ResultCache,
  type resolveSession,
  type SessionPolicy,
  type RequestScope,
  startRequestVersions,
} from '@caseload/api';
import { AgencyMovingError, type Database, type Tenancy } from '@caseload/db';
import { TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Clock, createClock } from '@caseload/clock';
import { type Kysely, sql } from 'kysely';
import { registerAuthRoutes } from './auth.ts';
import { BackgroundJobs } from './background.ts';
import { crossSiteReason, type CookieSettings, isHttps, resolveRequestSession, sendJson, sessionAgency } from './http.ts';
import { handleImportUpload } from './imports.ts';
import { handleInspect } from './inspect.ts';
import { registerPushApi } from './pushApi.ts';
import { KeptAnswers } from './keptAnswers.ts';
import { isDatabaseUnreachable } from './lostConnection.ts';
import { ServerMetrics } from './metrics.ts';
import { type BoardPdfOptions, handleBoardPdf } from './reports.ts';

export interface AppOptions {
  db: Kysely<Database>;
  /**
   * CASELOAD_CLUSTERS (connect's `tenancy`, over the same `db`): each request runs against
   * the cluster that holds its agency — the agency the session cookie names, the agency of
   * the email signing in, of the import token. Absent: one database.
   */
  tenancy?: Tenancy;
  /** the one clock (@caseload/clock): today for every default date, the instant for sessions; default the real one, unpinned */
  clock?: Clock;
  throttle?: LoginThrottle;
  sessionPolicy?: SessionPolicy;
  /** the built dashboard (index.html + assets); default apps/dashboard/dist */
  dashboardDir?: string;
  /**
   * Behind a reverse proxy: how far to trust X-Forwarded-For (and -Host): a number of
   * proxy hops, or the proxies' addresses / CIDR ranges. The client address is the
   * rightmost address not trusted (true = 1 hop). Default: no proxy (the socket's address).
   */
  trustProxy?: boolean | number | string | string[];
  /** Secure cookies (and the `__Host-` name): 'always' in production behind TLS; default 'auto' (when the request came over HTTPS) */
  secureCookies?: CookieSettings['secureCookies'];
  /** largest accepted request body; default 1 MiB */
  maxBodyBytes?: number;
  /** /healthz reports 503 when `select 1` takes longer; default 2000 ms */
  healthTimeoutMs?: number;
  /** POST /admin/imports: largest upload and largest unzipped total (imports.ts defaults: 500 MB, 2 GB) */
  importLimits?: { maxUploadBytes?: number; maxUncompressedBytes?: number; tempDir?: string };
  /** GET /reports/board.pdf: the Chromium binary (env.ts CHROMIUM_PATH; default /usr/bin/chromium) and, for tests, the printer */
  pdf?: Pick<BoardPdfOptions, 'chromiumPath' | 'print'>;
  /**
   * per signed-in user and minute: PDFs, and requests of expensive procedures not answered
   * from kept bytes; default 10 and 120. false: none (the benchmark, whose synthetic users
   * send a hundred requests a second each — exactly what the limit is there to stop).
   */
  rateLimits?: { pdfPerMinute?: number; computedPerMinute?: number } | false;
  /** the request log (pino); default none. main.ts passes one (JSON, or pretty in development). */
  logger?: FastifyBaseLogger | false;
  /** where server-side errors are written (never to the client); default the request log, else stderr */
  logError?: (message: string, error?: unknown) => void;
  /**
   * Computed figures kept per data and settings version (see @caseload/api services/cache.ts);
   * default: a new cache on `db`. `false` computes every request.
   */
  resultCache?: ResultCache | false;
  /**
   * Kept answers' bytes served without running the procedure again (keptAnswers.ts);
   * default true. false: tRPC's handler answers every request (the equivalence test compares the two).
   */
  fastQueries?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the server's Prometheus registry (served on METRICS_PORT by main.ts) */
    metrics: ServerMetrics;
    /** work started by requests that must finish before the process exits (warming after an import) */
    background: BackgroundJobs;
    /** set on SIGTERM: /healthz answers 503 so a load balancer stops sending requests */
    draining: boolean;
  }
}

/** What a request that needs the database is told while the database cannot be reached (503). */
const DATABASE_UNAVAILABLE = 'The database is not available right now. Try again in a moment.';
/** seconds a client is asked to wait before retrying while the database is unavailable */
const DATABASE_RETRY_AFTER_SECONDS = 5;
/** seconds a client is asked to wait before retrying a write refused while its agency moves between clusters */
const AGENCY_MOVING_RETRY_AFTER_SECONDS = 60;
const SERVER_ERROR = 'Something went wrong on the server. The error has been logged.';

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * The Content-Security-Policy of every response. The dashboard's scripts and styles are
 * files of its own origin; 'unsafe-inline' is allowed for styles only (chart libraries set
 * style attributes), never for scripts.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/** Headers helmet does not set, on every response. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';

/**
 * The proxy trust Fastify is given: never "trust every hop" (that makes the client's
 * leftmost X-Forwarded-For the address). A hop count trusts the nearest N addresses (the
 * socket's, then X-Forwarded-For from the right), so the address is the one the
 * outermost trusted proxy saw; a CIDR list trusts those ranges wherever they appear.
 * With a hop count the server must be reachable only through its proxy.
 */
function proxyTrust(value: AppOptions['trustProxy']): ((address: string, hop: number) => boolean) | string | string[] | false {
  if (value === undefined || value === false || value === 0) return false;
  const hops = value === true ? 1 : value;
  if (typeof hops === 'number') return (_address, hop) => hop < hops;
  return hops;
}

/** Builds the server (not listening: `await app.listen({ port, host })`). */
export async function createApp(opts: AppOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const resultCache = opts.resultCache === false ? null : attachResultCache(db, opts.resultCache ?? new ResultCache());
  const clock = opts.clock ?? createClock();
  const now = () => clock.now();
  const throttle = opts.throttle ?? new LoginThrottle();
  const policy = opts.sessionPolicy ?? defaultSessionPolicy;
  const dashboardDir = path.resolve(opts.dashboardDir ?? DEFAULT_DASHBOARD_DIR);
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const healthTimeoutMs = opts.healthTimeoutMs ?? 2000;
  const trust = proxyTrust(opts.trustProxy);
  const trustProxy = trust !== false;
  const cookies: CookieSettings = { secureCookies: opts.secureCookies ?? 'auto' };

  const app = Fastify({
    loggerInstance: opts.logger || undefined,
    logger: opts.logger ? undefined : false,
    trustProxy: trust,
    bodyLimit: maxBody,
    genReqId: () => randomUUID(),
    // a client's X-Request-Id is not taken as ours (it could collide or forge log lines)
    requestIdHeader: false,
    // one line per request, written in onResponse below (not Fastify's two)
    logController: new LogController({ disableRequestLogging: true }),
    // slow-loris guard: a client must send its request promptly
    requestTimeout: 60_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  app.server.headersTimeout = 20_000;

  const metrics = new ServerMetrics(resultCache);
  app.decorate('metrics', metrics);
  app.decorate('background', new BackgroundJobs());
  app.decorate('draining', false);
  app.decorateRequest('caller', null);

  /** A server-side error: to `logError` when given, else to the request's log (with its id). */
  const reportError = (request: FastifyRequest | null, message: string, error?: unknown) => {
    if (opts.logError) opts.logError(message, error);
    else if (opts.logger) (request?.log ?? app.log).error({ err: error }, message);
    // wall-clock: a log line's timestamp
    else process.stderr.write(`[${new Date().toISOString()}] ${message}: ${error instanceof Error ? error.message : String(error)}\n`);
  };

  // — every response: request id, security headers, one log line, the request histogram —
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (isHttps(request)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done();
  });
  // — CASELOAD_CLUSTERS: the request's statements go to the cluster of the agency its cookie names —
  const tenancy = opts.tenancy;
  if (tenancy) {
    app.addHook('onRequest', (request, _reply, done) => {
      const agencyId = sessionAgency(request);
      if (agencyId === null) return tenancy.run({ cluster: null, movingTo: null }, () => done());
      tenancy.target(agencyId).then(
        (target) => tenancy.run(target, () => done()),
        (error: unknown) => done(error as Error),
      );
    });
  }
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // HSTS only over HTTPS (above): over plain HTTP it would be ignored, and it must not pin a development host
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    originAgentCluster: true,
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
    xDnsPrefetchControl: { allow: false },
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(no route)';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime);
    if (opts.logger) {
      const procedure = route === '/trpc/:path' ? (request.params as { path?: string }).path : undefined;
      request.log.info(
        {
          method: request.method,
          route,
          ...(procedure ? { procedure: procedure.slice(0, 200) } : {}),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          agency: request.caller?.agencyId,
          userId: request.caller?.userId,
        },
        'request',
      );
    }
    done();
  });

  // JSON (and text) answers above 1 kB, brotli or gzip as the client accepts; the dashboard's
  // files are compressed at build time (below, @fastify/static preCompressed)
  // answers compressed per request (not kept) use fast settings: brotli 2 is 5× cheaper than
  // its default 4 for ~2% more bytes; kept answers are compressed once, harder (keptAnswers.ts)
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: {
      params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_QUALITY]: 2 },
    },
    zlibOptions: { level: 3 },
  });
  await app.register(fastifyRateLimit, { global: false });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      const limit = request.routeOptions.bodyLimit ?? maxBody;
      return sendJson(reply, 413, { error: `The request body is larger than ${Math.floor(limit / 1024)} KiB.` }, { connection: 'close' });
    }
    if (status === 429) return sendJson(reply, 429, { error: error.message });
    if (status >= 400 && status < 500) {
      const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'This kind of request body is not accepted here.' : 'Bad request.';
      return sendJson(reply, status, { error: message });
    }
    if (error instanceof AgencyMovingError) {
      return sendJson(reply, 503, { error: error.message }, { 'retry-after': AGENCY_MOVING_RETRY_AFTER_SECONDS });
    }
    reportError(request, `${request.method} ${request.url} failed`, error);
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return reply;
    }
    if (isDatabaseUnreachable(error)) {
      return sendJson(reply, 503, { error: DATABASE_UNAVAILABLE }, { 'retry-after': DATABASE_RETRY_AFTER_SECONDS });
    }
    return sendJson(reply, 500, { error: SERVER_ERROR });
  });

  /** `methods` answer; any other method on `url` is a 405 naming them. */
  const onlyMethods = (url: string, methods: string, exceptHead = false) => {
    const allowed = methods.split(', ');
    // a GET route answers HEAD too, unless it says it does not
    if (allowed.includes('GET') && !exceptHead) allowed.push('HEAD');
    const others = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((m) => !allowed.includes(m));
    app.route({
      method: others,
      url,
      exposeHeadRoute: false,
      handler: (_request, reply) => sendJson(reply, 405, { error: `Use ${methods}.` }, { allow: methods }),
    });
  };

  // — /healthz: 200 while the database answers, 503 when it does not or while draining —
  app.get('/healthz', async (request, reply) => {
    if (app.draining) return sendJson(reply, 503, { ok: false, draining: true });
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
    return sendJson(reply, answered ? 200 : 503, { ok: answered });
  });
  onlyMethods('/healthz', 'GET, HEAD');

  // — /auth/login, /auth/logout (auth.ts) —
  await app.register(async (scope) => {
    registerAuthRoutes(scope, {
      db,
      now,
      throttle,
      policy,
      cookies,
      trustProxy,
      maxBody: Math.min(maxBody, 64 * 1024),
      ...(tenancy ? { tenancy } : {}),
    });
  });
  onlyMethods('/auth/login', 'POST');
  onlyMethods('/auth/logout', 'POST');

  /** resolves the request's session once (for the handler, the log line and the rate limit) */
  const resolveCaller = async (request: FastifyRequest) => {
    if (request.caller === null) request.caller = await resolveRequestSession(db, request, now(), policy);
    return request.caller;
  };
  const limits = opts.rateLimits === false ? null : (opts.rateLimits ?? {});
  const perUser = (request: FastifyRequest) => (request.caller ? `user:${request.caller.userId}` : `ip:${request.ip}`);
  const rateLimited = (_request: FastifyRequest, context: { after: string }) => ({
    statusCode: 429,
    message: `Too many requests of this kind. Try again in ${context.after}.`,
  });

  // — POST /admin/imports (imports.ts): the body is read by the handler, as a stream —
  await app.register(async (scope) => {
    // multipart/form-data: @fastify/multipart (streamed by imports.ts); anything else (a bare
    // zip) is left unread for the handler, which streams it to disk under the limit
    scope.removeAllContentTypeParsers();
    await scope.register(fastifyMultipart);
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.addHook('onRequest', async (request, reply) => {
      const refusal = crossSiteReason(request, 'change', trustProxy);
      if (refusal) {
        request.raw.resume();
        return sendJson(reply, 403, { error: refusal });
      }
    });
    scope.post('/admin/imports', async (request, reply) => {
      const started = performance.now();
      const outcome = await handleImportUpload(request, reply, {
        db,
        now,
        clock,
        policy,
        background: app.background,
        logError: (message, error) => reportError(request, message, error),
        ...opts.importLimits,
      });
      metrics.observeImport(outcome, (performance.now() - started) / 1000);
      return reply;
    });
    // one file of an agency's own export, for the mapping page: its columns and first rows
    scope.post('/admin/imports/inspect', async (request, reply) => {
      await handleInspect(request, reply, {
        db,
        now,
        policy,
        ...(opts.importLimits?.tempDir ? { tempDir: opts.importLimits.tempDir } : {}),
      });
      return reply;
    });
  });

  // — POST /api/v1/imports and GET /api/v1/openapi.json (pushApi.ts): an agency's import token —
  await registerPushApi(
    app,
    () => ({
      db,
      now,
      clock,
      policy,
      background: app.background,
      logError: (message, error) => app.log.error({ err: error }, message),
      ...opts.importLimits,
    }),
    (outcome, seconds) => metrics.observeImport(outcome, seconds),
    tenancy ?? null,
  );

  // — GET /reports/board.pdf (reports.ts), at most pdfPerMinute per user —
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (request) => {
      if (crossSiteReason(request, 'download', trustProxy) === null) await resolveCaller(request);
    });
    scope.get(
      '/reports/board.pdf',
      {
        // a HEAD would print the PDF to send nothing
        exposeHeadRoute: false,
        config: {
          rateLimit: limits
            ? {
                max: limits.pdfPerMinute ?? 10,
                timeWindow: 60_000,
                hook: 'preHandler',
                keyGenerator: perUser,
                errorResponseBuilder: rateLimited,
              }
            : false,
        },
      },
      async (request, reply) => {
        await handleBoardPdf(request, reply, {
          db,
          now,
          clock,
          policy,
          trustProxy,
          metrics,
          logError: (m, e) => reportError(request, m, e),
          ...opts.pdf,
        });
        return reply;
      },
    );
  });
  onlyMethods('/reports/board.pdf', 'GET', true);

  // — tRPC at /trpc (the official Fastify adapter) —
  const kept = new KeptAnswers({ db, fastQueries: opts.fastQueries ?? true, now, metrics });
  /** The context of a tRPC request: the caller of the request's session (503 while the database is down). */
  const createContext = async ({ req }: { req: FastifyRequest }) => {
    let caller: Awaited<ReturnType<typeof resolveSession>>;
    try {
      caller = await resolveCaller(req);
    } catch (err) {
      // every procedure starts here: while the database is down, say so (503), not "something went wrong"
      if (isDatabaseUnreachable(err)) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: err });
      throw err;
    }
    return createContextInner({ db, caller, clock, onAudit: (entry) => kept.recordAudit(req, entry) });
  };
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (!['GET', 'HEAD', 'POST'].includes(request.method)) {
          return sendJson(reply, 405, { error: 'Use GET, POST.' }, { allow: 'GET, POST' });
        }
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBody) {
          request.raw.resume();
          return sendJson(
            reply,
            413,
            { error: `The request body is larger than ${Math.floor(maxBody / 1024)} KiB.` },
            { connection: 'close' },
          );
        }
        if (request.method === 'POST') {
          const refusal = crossSiteReason(request, 'change', trustProxy);
          if (refusal) {
            request.raw.resume();
            return sendJson(reply, 403, { error: refusal });
          }
        }
        reply.header('cache-control', 'no-store');
      });
      // Queries: one reading of the data and settings versions (with the session) for all the
      // figures of the request. Mutations read them at each figure: their own writes move them.
      // With a reader (DATABASE_READ_URL), the same scope reads the figures from the reader's
      // snapshot when it has caught up with those versions; it ends with the response.
      const requestScopes = new WeakMap<FastifyRequest, RequestScope>();
      const endRequestScope = async (request: FastifyRequest) => {
        const found = requestScopes.get(request);
        requestScopes.delete(request);
        await found?.end().catch(() => {});
      };
      scope.addHook('onRequest', (request, _reply, done) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') return done();
        const requestScope = startRequestVersions();
        requestScopes.set(request, requestScope);
        requestScope.run(() => done());
      });
      scope.addHook('onResponse', endRequestScope);
      scope.addHook('onRequestAbort', endRequestScope);
      // a kept answer: 304 when the client has it, its bytes when we have them (keptAnswers.ts)
      scope.addHook('preHandler', async (request, reply) => {
        if (request.method !== 'GET' || !kept.isKept(request)) return;
        let caller: Awaited<ReturnType<typeof resolveSession>>;
        try {
          caller = await resolveCaller(request);
        } catch {
          return; // the procedure's context answers (503 while the database is down)
        }
        if (caller) await kept.answerIfKept(request, reply, caller);
      });
      if (limits) {
        scope.addHook(
          'preHandler',
          scope.rateLimit({
            max: limits.computedPerMinute ?? 120,
            timeWindow: 60_000,
            keyGenerator: perUser,
            allowList: (request) => !kept.isExpensive(request),
            errorResponseBuilder: rateLimited,
          }),
        );
      }
      scope.addHook('onSend', async (request, reply, payload) => kept.onSend(request, reply, payload));
      await scope.register(fastifyTRPCPlugin, {
        trpcOptions: {
          router: appRouter,
          createContext,
          responseMeta: ({ errors }) =>
            errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
              ? {
                  headers: {
                    'retry-after': String(
                      errors.some((e) => e.cause instanceof AgencyMovingError)
                        ? AGENCY_MOVING_RETRY_AFTER_SECONDS
                        : DATABASE_RETRY_AFTER_SECONDS,
                    ),
                  },
                }
              : {},
          onError: ({ error, path: procedure, req }) => {
            if (error.cause instanceof AgencyMovingError) return; // the user is told; nothing failed
            if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE') {
              reportError(req, `tRPC ${procedure ?? '(unknown)'} failed`, error.cause ?? error);
            }
          },
        } satisfies FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions'],
      });
    },
    { prefix: '/trpc' },
  );

  // — the dashboard: its files (ETag, 304, precompressed .br/.gz), and index.html for its routes —
  const indexFile = path.join(dashboardDir, 'index.html');
  if (existsSync(dashboardDir)) {
    await app.register(fastifyStatic, {
      root: dashboardDir,
      preCompressed: true,
      cacheControl: false,
      etag: true,
      lastModified: true,
      index: false,
      setHeaders: (reply, file) => {
        const immutable = path.relative(dashboardDir, file).startsWith(`assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // RFC 9239: JavaScript is text/javascript (send's table, used for the compressed copies too, says application/javascript)
    app.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/javascript')) {
        reply.header('content-type', 'text/javascript; charset=utf-8');
      }
      return payload;
    });
  }
  const dashboardPage = (request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(indexFile)) {
      const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body><main><h1>The dashboard has not been built yet</h1>
<p>The server is running, but there is no built dashboard in <code>${dashboardDir.replace(/[<>&]/g, '')}</code>.</p>
<p>Build it with <code>pnpm --filter @caseload/dashboard build</code> (or start with <code>pnpm start</code>, which builds it first), then reload this page.</p>
</main></body></html>`;
      return reply.code(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    }
    return reply.sendFile('index.html', { cacheControl: false });
  };
  app.get('/', dashboardPage);
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendJson(reply, 405, { error: 'Use GET, HEAD.' }, { allow: 'GET, HEAD' });
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Bad request: the address is not valid.');
    }
    // a missing file (it has an extension) is a 404; any other path is a dashboard route
    if (path.posix.extname(decoded) !== '' || decoded.startsWith('/trpc')) {
      return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found.');
    }
    return dashboardPage(request, reply);
  });

  await app.ready();
  return app;
}
