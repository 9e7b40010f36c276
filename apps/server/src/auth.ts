/**
 * POST /auth/login ({email, password} as JSON → the session cookie) and POST
 * /auth/logout, each refused cross-site before its body is read.
 */
import { type LoginThrottle, login, logout, type SessionPolicy } from '@caseload/api';
import { AgencyMovingError, type Database, type Tenancy } from '@caseload/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  clearedSessionCookies,
  type CookieSettings,
  crossSiteReason,
  newSessionCookie,
  secureCookiesFor,
  sendJson,
  sessionCookieValue,
  sessionToken,
} from './http.ts';

const loginBody = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
});

export interface AuthRouteOptions {
  db: Kysely<Database>;
  now: () => Date;
  throttle: LoginThrottle;
  policy: SessionPolicy;
  cookies: CookieSettings;
  trustProxy: boolean;
  /** largest sign-in body */
  maxBody: number;
  /** CASELOAD_CLUSTERS: sign-in runs on the cluster of the email's agency, and the cookie names the agency */
  tenancy?: Tenancy;
}

/**
 * Sign-in with CASELOAD_CLUSTERS: the email's agency from user_directory (one indexed
 * look-up per cluster, at once), then everything on that agency's cluster. An email no
 * cluster knows signs in against the home database (and fails there, as any unknown email).
 */
async function onAgencyOfEmail<T>(tenancy: Tenancy | undefined, email: string, fn: () => Promise<T>): Promise<T> {
  if (!tenancy) return fn();
  const lower = email.trim().toLowerCase();
  const agencyId = await tenancy.locate(
    async (db) => (await db.selectFrom('user_directory').select('agency_id').where('email', '=', lower).executeTakeFirst())?.agency_id,
  );
  return agencyId === undefined ? tenancy.run({ cluster: null, movingTo: null }, fn) : tenancy.forAgency(agencyId, fn);
}

/** Registers the sign-in and sign-out routes on `scope` (an encapsulated plugin: its body parser is its own). */
export function registerAuthRoutes(scope: FastifyInstance, opts: AuthRouteOptions): void {
  const { db, now, throttle, policy } = opts;
  // the body arrives as text and is parsed here, so every refusal is this route's own message
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.maxBody }, (_request, body, done) => done(null, body));
  scope.addHook('onRequest', async (request, reply) => {
    const refusal = crossSiteReason(request, 'change', opts.trustProxy);
    if (refusal) {
      request.raw.resume();
      return sendJson(reply, 403, { error: refusal });
    }
    if (request.url.startsWith('/auth/login') && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      request.raw.resume();
      return sendJson(reply, 415, {
        error: 'Send the sign-in as JSON: {"email": "…", "password": "…"} with Content-Type: application/json.',
      });
    }
  });

  scope.post('/auth/login', { bodyLimit: opts.maxBody }, async (request, reply) => {
    let json: unknown;
    try {
      json = JSON.parse(typeof request.body === 'string' ? request.body : '');
    } catch {
      return sendJson(reply, 400, { error: 'The request body is not valid JSON. Send {"email": "…", "password": "…"}.' });
    }
    const parsed = loginBody.safeParse(json);
    if (!parsed.success) return sendJson(reply, 400, { error: 'Send both an email and a password: {"email": "…", "password": "…"}.' });
    // request.ip: the socket's address, or behind a trusted proxy the rightmost address it did not add
    let result: Awaited<ReturnType<typeof login>>;
    try {
      result = await onAgencyOfEmail(opts.tenancy, parsed.data.email, () =>
        login(db, { ...parsed.data, ip: request.ip ?? null }, { throttle, now, policy }),
      );
    } catch (error) {
      // sign-in writes (the session, its audit row): refused while the agency moves between clusters
      if (error instanceof AgencyMovingError) return sendJson(reply, 503, { error: error.message }, { 'retry-after': 60 });
      throw error;
    }
    if (result.ok) {
      const secure = secureCookiesFor(request, opts.cookies);
      const value = sessionCookieValue(result.token, opts.tenancy ? result.agencyId : null);
      return sendJson(reply, 200, { ok: true }, { 'set-cookie': newSessionCookie(value, secure, policy.absoluteMs / 1000) });
    }
    if (result.reason === 'throttled') {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return sendJson(
        reply,
        429,
        {
          error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          retryAfterSeconds: result.retryAfterSeconds,
        },
        { 'retry-after': result.retryAfterSeconds },
      );
    }
    return sendJson(reply, 401, { error: 'The email or password is incorrect.' });
  });

  scope.post('/auth/logout', async (request, reply) => {
    try {
      await logout(db, sessionToken(request), now());
    } catch (error) {
      // while the agency moves, the session row stays (it expires); the browser forgets it all the same
      if (!(error instanceof AgencyMovingError)) throw error;
    }
    reply.header('set-cookie', clearedSessionCookies(secureCookiesFor(request, opts.cookies)));
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
