/**
 * Work that `pnpm start` runs beside the server's start-up, on the other core:
 *
 * - building the dashboard while the server loads and the embedded database is created,
 *   migrated and given the demo data; the server awaits it just before it serves the
 *   dashboard's files;
 * - on a new embedded database, creating its cluster in a worker thread
 *   (embeddedCluster.ts) while the server's modules load; the server awaits it before
 *   it opens the database.
 */
let pending: Promise<void> | null = null;
/** the cluster's creation, and PGlite's Postgres compiled for it (for connect) */
export interface ClusterCreation {
  done: Promise<void>;
  wasmModule: WebAssembly.Module;
}
let cluster: ClusterCreation | null = null;

/** Registers the work; call before importing main.ts. */
export function runBesideStartup(work: Promise<void>): void {
  pending = work;
}

/** The registered work (already done, or nothing registered: resolves at once). */
export function besideStartup(): Promise<void> {
  return pending ?? Promise.resolve();
}

/** Registers the creation of a new embedded database's cluster; call before importing main.ts. */
export function createClusterBeside(creation: ClusterCreation): void {
  cluster = creation;
}

/** The cluster being created beside the start-up (the database is new), or null. */
export function clusterBeside(): ClusterCreation | null {
  return cluster;
}
