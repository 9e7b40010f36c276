/**
 * The server's log: pino, one JSON object per line (production), or pino-pretty's
 * human-readable lines (development). Secrets never reach it: cookies, the
 * Authorization header, Set-Cookie, passwords and tokens are redacted wherever a
 * serializer or a caller would put them.
 */
import pino, { type Logger } from 'pino';

export type LogFormat = 'json' | 'pretty';

const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'password',
  'token',
  '*.password',
  '*.token',
];

export function createLogger(format: LogFormat, destination?: pino.DestinationStream, level = 'info'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'caseload-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'pretty' && !destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } },
    });
  }
  return destination ? pino(options, destination) : pino(options);
}
