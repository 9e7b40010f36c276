export { hashPassword, verifyPassword } from './passwords.ts';
export { LoginThrottle, defaultThrottleOptions, type ThrottleOptions, type ThrottleDecision } from './throttle.ts';
export {
  SESSION_COOKIE,
  type SessionPolicy,
  defaultSessionPolicy,
  startSession,
  resolveSession,
  hashSessionToken,
  parseCookies,
  sessionTokenFromCookie,
  sessionCookie,
  clearedSessionCookie,
} from './sessions.ts';
export { login, logout, type LoginDeps, type LoginResult } from './login.ts';
