/**
 * Name order for teams and people: case-insensitive, numbers inside names compare
 * as numbers ("cm-9" before "cm-10"); exact ties fall back to code-unit order so
 * the order is total and stable.
 */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}
