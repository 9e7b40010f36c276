/**
 * `pnpm start`: build the dashboard when its sources are newer than the last build
 * (so later starts stay fast), then run the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dashboard = join(root, 'apps/dashboard');
const builtIndex = join(dashboard, 'dist/index.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) => join(dashboard, p));
const sourcesChanged = Math.max(...sources.map(newestMtime));
const built = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;

if (built < sourcesChanged) {
  process.stderr.write('building the dashboard…\n');
  const r = spawnSync('pnpm', ['--filter', '@caseload/dashboard', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    process.stderr.write('error: the dashboard build failed (see above)\n');
    process.exit(1);
  }
}

await import('../src/main.ts');
