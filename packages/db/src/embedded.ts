/**
 * Creating the embedded database's cluster on another thread: PGlite's initdb (in
 * WebAssembly, the longest single step of a first start) in an empty data directory, in
 * a worker thread. `pnpm start` runs it on a first start while the server's modules load;
 * `connect` then opens the finished directory as on any later start. The cluster is the
 * one `connect` would create there (PGlite's defaults; connect's options are parsers,
 * which initdb does not use). Only node built-ins are loaded on the calling thread, and
 * only PGlite in the worker.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** whether dataDir holds a PostgreSQL cluster already (initdb has run there) */
export function hasEmbeddedCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

// the worker's code: plain JavaScript (a worker does not inherit tsx's loader)
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
import(workerData.pglite).then(async ({ PGlite }) => {
  const pglite = await PGlite.create({ dataDir: workerData.dataDir, pgliteWasmModule: workerData.wasmModule });
  await pglite.close();
});
`;

/**
 * PGlite's Postgres, compiled (lazily: functions are compiled as they first run). Given to
 * the worker and then to `connect` (its pgliteWasmModule), the code compiled and optimised
 * while initdb ran is the code the server's instance runs: the migrations and the demo's
 * import do not start again from unoptimised code.
 */
export function compileEmbeddedPostgres(): Promise<WebAssembly.Module> {
  // the global WebAssembly object (this project's TypeScript libs declare only its types)
  const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;
  return wasm.compile(readFileSync(new URL('pglite.wasm', import.meta.resolve('@electric-sql/pglite'))));
}

/**
 * Runs initdb in dataDir (created if missing) in a worker thread; resolves once the
 * cluster is written and closed. Nothing to do when dataDir holds a cluster already.
 */
export async function createEmbeddedClusterInWorker(dataDir: string, wasmModule: WebAssembly.Module): Promise<void> {
  if (hasEmbeddedCluster(dataDir)) return;
  mkdirSync(dataDir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { dataDir, wasmModule, pglite: import.meta.resolve('@electric-sql/pglite') },
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`creating the database cluster stopped (exit code ${code})`)),
    );
  });
}
