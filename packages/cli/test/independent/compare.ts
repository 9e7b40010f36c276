/**
 * Field-by-field comparison of a report from the product with the reference model.
 * Numbers agree within 1e-9 (integers on both sides: exactly), nulls and strings
 * exactly; every key of the expected value must be present (the product may add
 * keys: interfaces.md "more keys may be added"). Returns every disagreement as
 * `path: expected X, actual Y`, so a failure names the field.
 */
const TOLERANCE = 1e-9;

export function compare(expected: unknown, actual: unknown, path: string, out: string[] = []): string[] {
  const show = (v: unknown) => JSON.stringify(v);
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      const ok = Number.isInteger(expected) && Number.isInteger(actual) ? expected === actual : Math.abs(expected - actual) <= TOLERANCE;
      if (!ok) out.push(`${path}: expected ${show(expected)}, actual ${show(actual)}`);
    } else if (expected !== actual) {
      out.push(`${path}: expected ${show(expected)}, actual ${show(actual)}`);
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [...out, `${path}: expected an array, actual ${show(actual)}`];
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} elements, actual ${actual.length}`);
    expected.forEach((e, k) => compare(e, actual[k], `${path}[${k}]`, out));
    return out;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
    return [...out, `${path}: expected an object, actual ${show(actual)}`];
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in actual)) out.push(`${path}.${key}: missing`);
    else compare(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, out);
  }
  return out;
}

/** rows → object keyed by one of their fields (duplicates are an error). */
export function keyed<T extends Record<string, unknown>>(rows: T[], key: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const row of rows) {
    const k = String(row[key]);
    if (k in out) throw new Error(`duplicate ${key} ${k}`);
    out[k] = row;
  }
  return out;
}

/** the keys of two keyed sets must be the same */
export function sameKeys(expected: Record<string, unknown>, actual: Record<string, unknown>, path: string, out: string[]): void {
  const e = Object.keys(expected).sort();
  const a = Object.keys(actual).sort();
  const missing = e.filter((k) => !a.includes(k));
  const extra = a.filter((k) => !e.includes(k));
  if (missing.length > 0) out.push(`${path}: missing rows ${missing.join(', ')}`);
  if (extra.length > 0) out.push(`${path}: unexpected rows ${extra.join(', ')}`);
}
