/**
 * What every route of the server shares: one way to answer JSON, one cross-site check,
 * the session cookie (its name over HTTPS) and the session token of a request.
 */
import { type Caller, clearedSessionCookie, sessionCookie } from '@caseload/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

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

/** The session token of the request: the `__Host-` cookie first, else the plain one. */
export function sessionToken(request: FastifyRequest): string | null {
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
