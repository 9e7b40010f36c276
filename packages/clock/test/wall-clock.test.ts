/**
 * Nothing but the clock reads the wall clock for a calendar purpose. Every
 * `new Date()` or `Date.now()` in the repository's own code (sources, tests, the
 * bench, the browser tests) outside packages/clock/src must say why it is not a
 * calendar read, with a `wall-clock:` comment on its line or the line above
 * (timing, a unique name, a session's instant). A date that decides what a page,
 * report, demo or test shows comes from the clock (`Clock.today`), never from here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLOCK_SOURCE = path.join(ROOT, 'packages/clock/src');
const SKIP = new Set(['node_modules', 'dist', '.data', '.bench', 'test-results', '.turbo', '.git']);
const WALL_CLOCK = /new Date\(\s*\)|Date\.now\(\)/;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

/** The lines that read the wall clock without saying why, as `file:line: text`. */
export function unexplainedWallClockReads(file: string, text: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (!WALL_CLOCK.test(line)) return;
    const here = line.includes('wall-clock:');
    const above = i > 0 && /^\s*(\/\/|\*|\/\*).*wall-clock:/.test(lines[i - 1]!);
    if (!here && !above) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('the wall clock', () => {
  test('the scanner finds a bare read and accepts an explained one', () => {
    expect(unexplainedWallClockReads('/x.ts', 'const d = new Date();')).toHaveLength(1);
    expect(unexplainedWallClockReads('/x.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(unexplainedWallClockReads('/x.ts', 'const t = Date.now(); // wall-clock: timing')).toEqual([]);
    expect(unexplainedWallClockReads('/x.ts', '// wall-clock: a unique name\nconst n = `x-${Date.now()}`;')).toEqual([]);
    // a conversion of a known instant is not a read
    expect(unexplainedWallClockReads('/x.ts', "const d = new Date('2026-01-01T00:00:00Z');")).toEqual([]);
  });

  test('is read for a calendar purpose only by packages/clock', () => {
    const roots = ['apps', 'packages', 'bench', 'e2e'].map((d) => path.join(ROOT, d));
    const offenders: string[] = [];
    let scanned = 0;
    for (const root of roots) {
      for (const file of sourceFiles(root)) {
        if (file.startsWith(CLOCK_SOURCE + path.sep)) continue;
        if (file === fileURLToPath(import.meta.url)) continue;
        scanned++;
        offenders.push(...unexplainedWallClockReads(file, readFileSync(file, 'utf8')));
      }
    }
    for (const config of ['playwright.config.ts', 'vitest.config.ts']) {
      offenders.push(...unexplainedWallClockReads(path.join(ROOT, config), readFileSync(path.join(ROOT, config), 'utf8')));
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders, 'use the clock (@caseload/clock) for "today", or say why with a wall-clock: comment').toEqual([]);
  });
});
