/**
 * The first start on a new embedded database: `pnpm start` creates its cluster (PGlite's
 * initdb in WebAssembly, the longest single step of a first start) in a worker thread
 * (@caseload/db/embedded), so that it overlaps loading the server's modules on this
 * thread and the dashboard's build; main.ts awaits it (startHooks.ts) and then opens the
 * directory as on any later start. Light on purpose: `pnpm start` loads this first.
 */
import { hasEmbeddedCluster } from '@caseload/db/embedded';

/** DATA_DIR's default (env.ts) */
export const DEFAULT_DATA_DIR = './.data';

/**
 * The embedded database's data directory (DATABASE_URL and DATA_DIR read as env.ts reads
 * them) when it holds no cluster yet; null on PostgreSQL, in memory, or when it exists.
 */
export function newEmbeddedDataDir(env: NodeJS.ProcessEnv): string | null {
  if (env.DATABASE_URL?.trim()) return null;
  const dataDir = env.DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  if (dataDir === 'memory://' || hasEmbeddedCluster(dataDir)) return null;
  return dataDir;
}
