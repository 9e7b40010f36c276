/**
 * The dashboard's initial JavaScript: the entry chunk named by dist/index.html and
 * every chunk it imports statically, transitively (what the browser must fetch
 * before the first page renders), gzip-compressed. Lazily loaded pages
 * (`import("./x.js")`) are not counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  gzipBytes: number;
  bytes: number;
}

/** Entry module scripts of index.html (src of `<script type="module">`), in order. */
export function entryScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\btype=["']module["'][^>]*>/gi)) {
    const src = /\bsrc=["']([^"']+)["']/i.exec(m[0]);
    if (src?.[1]) out.push(src[1]);
  }
  return out;
}

/**
 * Specifiers of a minified ES module's static imports and re-exports
 * (`import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`); never
 * dynamic `import("./x.js")`.
 */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  const re = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) {
    if (m[1]) out.add(m[1]);
  }
  return [...out];
}

/** Sizes the initial JS of a built dashboard in `distDir`; null when there is no build. */
export function initialJs(distDir: string): BundleSize | null {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index, 'utf8');
  const seen = new Set<string>();
  const queue = entryScripts(html).map((src) => path.join(distDir, src.replace(/^\//, '')));
  const files: BundleSize['files'] = [];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    files.push({ file: path.relative(distDir, file), bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    for (const spec of staticImports(code.toString('utf8'))) {
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
      queue.push(spec.startsWith('/') ? path.join(distDir, spec.slice(1)) : path.resolve(path.dirname(file), spec));
    }
  }
  return {
    files,
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
  };
}
