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
