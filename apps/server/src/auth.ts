/**
 * POST /auth/login ({email, password} as JSON → the session cookie) and POST
 * /auth/logout, each refused cross-site before its body is read.
 */
import { type LoginThrottle, login, logout, type SessionPolicy } from '@caseload/api';
import type { Database } from '@caseload/db';
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
    const result = await login(db, { ...parsed.data, ip: request.ip ?? null }, { throttle, now, policy });
    if (result.ok) {
      const secure = secureCookiesFor(request, opts.cookies);
      return sendJson(reply, 200, { ok: true }, { 'set-cookie': newSessionCookie(result.token, secure, policy.absoluteMs / 1000) });
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
    await logout(db, sessionToken(request), now());
    reply.header('set-cookie', clearedSessionCookies(secureCookiesFor(request, opts.cookies)));
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
