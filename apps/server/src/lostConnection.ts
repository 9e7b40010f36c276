/** Error codes of a database connection that went away (PostgreSQL shutdown codes and socket errors). */
const LOST_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT']);

/**
 * True for the errors pg raises when the server ends a connection (restart,
 * administrator command, network loss). Anything else is not ours to swallow.
 */
export function isLostDatabaseConnection(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    (typeof code === 'string' && LOST_CONNECTION_CODES.has(code)) ||
    /^Connection terminated( unexpectedly)?$|terminating connection due to administrator command/.test(err.message)
  );
}

/**
 * Codes that mean the database cannot be reached at all right now: refused or
 * unroutable connections, and PostgreSQL starting up or shutting down (57P03). A
 * connection ended in the middle of a request (57P01, "Connection terminated") is not
 * one of them: that request failed, the database may well be up.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P03']);

/** True when a query failed because the database server cannot be reached (answer 503, not 500). */
export function isDatabaseUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  // a host name with several addresses (localhost: ::1 and 127.0.0.1) fails as an AggregateError
  return err instanceof AggregateError && err.errors.length > 0 && err.errors.every((e) => isDatabaseUnreachable(e));
}
