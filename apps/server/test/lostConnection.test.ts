import { describe, expect, test } from 'vitest';
import { isLostDatabaseConnection } from '../src/lostConnection.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isLostDatabaseConnection', () => {
  test.each([
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('Connection terminated'), true],
    [withCode('terminating connection due to administrator command', '57P01'), true],
    [withCode('the database system is shutting down', '57P03'), true],
    [withCode('read ECONNRESET', 'ECONNRESET'), true],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), false],
    [withCode('duplicate key value violates unique constraint', '23505'), false],
    [new Error('Connection terminated unexpectedly, and more'), false],
    ['Connection terminated unexpectedly', false],
  ])('%s → %s', (err, lost) => {
    expect(isLostDatabaseConnection(err)).toBe(lost);
  });
});
