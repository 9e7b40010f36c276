/**
 * Ids (agency, team, staff, client, program, provider …) are 1–64 characters of
 * A-Z a-z 0-9 . _ : - so they can travel in URLs, file names and CSV cells unquoted
 * and compare the same in JavaScript and PostgreSQL (byte order).
 */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id rule in words, for messages. */
export const ID_RULE = '1–64 characters of A-Z a-z 0-9 . _ : -';

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
