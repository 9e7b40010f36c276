/**
 * Work that `pnpm start` runs beside the server's start-up (building the dashboard while
 * the embedded database is created, migrated and given the demo data: the two use one
 * core each). The server awaits it just before it serves the dashboard's files.
 */
let pending: Promise<void> | null = null;

/** Registers the work; call before importing main.ts. */
export function runBesideStartup(work: Promise<void>): void {
  pending = work;
}

/** The registered work (already done, or nothing registered: resolves at once). */
export function besideStartup(): Promise<void> {
  return pending ?? Promise.resolve();
}
