import { describe, expect, test } from 'vitest';
import { interpretLogin, waitText } from './session.ts';

const now = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('interpretLogin', () => {
  test('200 signs in', () => {
    expect(interpretLogin(200, { ok: true }, now)).toEqual({ ok: true });
  });
  test('401 says the credentials are wrong without saying which', () => {
    const result = interpretLogin(401, { error: 'invalid credentials' }, now);
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    expect(result.ok === false && result.message).toMatch(/email or password/);
  });
  test.each([
    [{ error: 'slow down', retryAfterSeconds: 300 }, now + 300_000],
    [{ error: 'slow down', retryAfterSeconds: 0.2 }, now + 1000],
    [{ error: 'slow down' }, now + 60_000],
  ])('429 %j tells when to retry', (body, retryAt) => {
    expect(interpretLogin(429, body, now)).toMatchObject({ ok: false, kind: 'throttled', retryAt });
  });
  test('400 passes on the server message', () => {
    expect(interpretLogin(400, { error: 'email: Invalid email address' }, now)).toEqual({
      ok: false,
      kind: 'failed',
      message: 'email: Invalid email address',
    });
  });
  test('5xx with a non-JSON body is a plain failure', () => {
    expect(interpretLogin(503, null, now)).toMatchObject({ ok: false, kind: 'failed' });
  });
});

test.each([
  [0, '0 seconds'],
  [1, '1 second'],
  [999, '1 second'],
  [59_000, '59 seconds'],
  [60_000, '1 minute'],
  [61_000, '1 minute 1 second'],
  [250_000, '4 minutes 10 seconds'],
])('waitText(%s) = %s', (ms, text) => {
  expect(waitText(ms)).toBe(text);
});
