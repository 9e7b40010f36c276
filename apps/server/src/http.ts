/**
 * What every route of the server shares: one way to answer JSON, one cross-site check,
 * the session cookie (its name over HTTPS) and the session token of a request.
 */
import { type Caller, clearedSessionCookie, resolveSession, sessionCookie, type SessionPolicy } from '@caseload/api';
import { currentTenantTarget, type Database } from '@caseload/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in caller, once a route has resolved the session (for the request log and rate limits) */
    caller: Caller | null;
  }
}

/** The session cookie's name over plain HTTP (development) and, with the `__Host-` prefix, over HTTPS. */
const COOKIE = 'cm_session';
const HOST_COOKIE = `__Host-${COOKIE}`;

/** Answers `body` as JSON, never cached. Every handler of the server answers through this. */
export function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string | number> = {}): FastifyReply {
  reply.code(status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.send(JSON.stringify(body));
}

/** The first value of a (possibly repeated, comma-separated) header. */
function firstHeader(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

/**
 * The request came over HTTPS: TLS on this socket, or a proxy's X-Forwarded-Proto.
 * (X-Forwarded-Proto is read whether or not the proxy is trusted: all it can do is make
 * the answer stricter — Secure cookies, HSTS.)
 */
export function isHttps(request: FastifyRequest): boolean {
  const socket = request.raw.socket as { encrypted?: boolean };
  return Boolean(socket.encrypted) || firstHeader(request.headers['x-forwarded-proto']) === 'https';
}

export interface CookieSettings {
  /** 'always': Secure and `__Host-` on every response (production behind TLS); 'auto': when the request came over HTTPS */
  secureCookies: 'auto' | 'always';
}

/** Secure cookies for this request (and so the `__Host-` name). */
export function secureCookiesFor(request: FastifyRequest, settings: CookieSettings): boolean {
  return settings.secureCookies === 'always' || isHttps(request);
}

/** Set-Cookie of a new session: `__Host-cm_session` when Secure (no Domain, Path=/), else `cm_session`. */
export function newSessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  const cookie = sessionCookie(token, { secure, maxAgeSeconds });
  return secure ? `__Host-${cookie}` : cookie;
}

/** Set-Cookie headers that clear the session under both names. */
export function clearedSessionCookies(secure: boolean): string[] {
  const plain = clearedSessionCookie({ secure });
  return secure ? [`__Host-${clearedSessionCookie({ secure: true })}`, plain] : [plain];
}

/**
 * With CASELOAD_CLUSTERS the session cookie names the agency before its token
 * (`<agency id>~<token>`), so the request goes to the agency's cluster without asking
 * every cluster; the session is still looked up there, and a caller of another agency
 * than the cookie names is no caller (resolveRequestSession).
 */
const AGENCY_SEPARATOR = '~';

/** The cookie value of a new session: the token, with CASELOAD_CLUSTERS prefixed by the agency id. */
export function sessionCookieValue(token: string, agencyId: string | null): string {
  return agencyId === null ? token : `${agencyId}${AGENCY_SEPARATOR}${token}`;
}

/** The agency the session cookie names (`<agency id>~<token>`), or null. */
export function sessionAgency(request: FastifyRequest): string | null {
  const value = sessionCookieOf(request);
  const at = value?.lastIndexOf(AGENCY_SEPARATOR) ?? -1;
  return value && at > 0 ? value.slice(0, at) : null;
}

/** The session token of the request (without the agency a cookie may name). */
export function sessionToken(request: FastifyRequest): string | null {
  const value = sessionCookieOf(request);
  if (value === null) return null;
  return value.slice(value.lastIndexOf(AGENCY_SEPARATOR) + 1);
}

/**
 * The caller of the request's session. With CASELOAD_CLUSTERS the request runs against
 * the cluster of the agency its cookie names (app.ts); a session found there that belongs
 * to another agency — a cookie naming an agency it was not issued for — is no caller, so
 * a forged agency id reaches nothing (and cannot dodge that agency's write fence).
 */
export async function resolveRequestSession(
  db: Kysely<Database>,
  request: FastifyRequest,
  now: Date,
  policy: SessionPolicy,
): Promise<Caller | null> {
  const caller = await resolveSession(db, sessionToken(request), now, policy);
  const target = currentTenantTarget();
  if (caller && target && caller.agencyId !== target.agencyId) return null;
  return caller;
}

/** The session cookie's value: the `__Host-` cookie first, else the plain one. */
function sessionCookieOf(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  let plain: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === HOST_COOKIE && value) return value;
    if (name === COOKIE && plain === null && value) plain = value;
  }
  return plain;
}

const REFUSED = 'This request came from another site and was refused.';
const REFUSED_DOWNLOAD = 'This download was requested by another site and was refused. Open it from the dashboard.';

/**
 * Why a request is refused as cross-site, or null.
 *
 * - `change` (every POST: sign-in, sign-out, tRPC mutations, imports): Sec-Fetch-Site,
 *   when sent, must be same-origin, and Origin must be this host; a request with
 *   neither is refused too (send Origin).
 * - `download` (a GET that records an export): Sec-Fetch-Site same-origin, or none (an
 *   address typed or bookmarked); an Origin, when sent, must be this host.
 *
 * This host is the Host header, or X-Forwarded-Host behind a trusted proxy.
 */
export function crossSiteReason(request: FastifyRequest, kind: 'change' | 'download', trustProxy: boolean): string | null {
  const site = firstHeader(request.headers['sec-fetch-site']);
  const origin = request.headers.origin;
  const refused = kind === 'change' ? REFUSED : REFUSED_DOWNLOAD;
  if (site !== undefined && site !== 'same-origin' && !(kind === 'download' && site === 'none')) return refused;
  if (origin === undefined) {
    if (kind === 'download' || site === 'same-origin') return null;
    return 'This request has no Origin header and was refused; send Origin: <this server>.';
  }
  if (origin === 'null') return refused;
  const expectedHost = (trustProxy ? firstHeader(request.headers['x-forwarded-host']) : undefined) ?? request.headers.host;
  try {
    return expectedHost && new URL(origin).host === expectedHost ? null : refused;
  } catch {
    return refused;
  }
}
