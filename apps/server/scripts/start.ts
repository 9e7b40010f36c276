/**
 * `pnpm start`: on a new embedded database, create its cluster in a worker thread while
 * the server's modules load; build the dashboard when its sources are newer than the
 * last build (so later starts stay fast), beside the server's start-up; run the server;
 * once it is up, compress the new build's files (.br and .gz copies, precompress.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEmbeddedPostgres, createEmbeddedClusterInWorker } from '@caseload/db/embedded';
import { precompressDirectory } from '../../dashboard/precompress.ts';
import { newEmbeddedDataDir } from '../src/embeddedCluster.ts';
import { createClusterBeside, runBesideStartup } from '../src/startHooks.ts';

// first, so that initdb starts before anything else: main.ts awaits it before it connects
const newDataDir = newEmbeddedDataDir(process.env);
if (newDataDir !== null) {
  const wasmModule = await compileEmbeddedPostgres();
  const done = createEmbeddedClusterInWorker(newDataDir, wasmModule);
  // a failure is reported where the server awaits it
  done.catch(() => {});
  createClusterBeside({ done, wasmModule });
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dashboard = join(root, 'apps/dashboard');
const builtIndex = join(dashboard, 'dist/index.html');
// a build whose files are not compressed yet (also after a start stopped while compressing)
const compressPending = join(dashboard, '.precompress-pending');

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
  // built beside the server's start-up (the embedded database's creation, migrations and
  // the demo data take the other core); the server waits for it before it serves the pages
  process.stderr.write('building the dashboard…\n');
  const build = new Promise<void>((resolvePromise, reject) => {
    // without the .br/.gz copies: they are made once the server is up (below)
    const child = spawn('pnpm', ['--filter', '@caseload/dashboard', 'build'], {
      cwd: root,
      env: { ...process.env, CASELOAD_PRECOMPRESS: 'later' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? (writeFileSync(compressPending, ''), resolvePromise())
        : reject(new Error(`the dashboard build failed (exit ${code ?? 'signal'}; see above)`)),
    );
  });
  // a failure is reported where the server awaits it
  build.catch(() => {});
  runBesideStartup(build);
}

// resolves once the server is listening (or the process has exited)
await import('../src/main.ts');

// brotli at quality 11 is most of a build's work: done now rather than beside the first
// start. Until a file's copies are written, the server compresses it per request.
if (existsSync(compressPending)) {
  try {
    await precompressDirectory(join(dashboard, 'dist'));
    rmSync(compressPending, { force: true });
  } catch (err) {
    process.stderr.write(`compressing the dashboard's files failed (they are sent compressed per request): ${String(err)}\n`);
  }
}
