/** Helpers of the tests on the replica topology (scripts/replica-topology.sh). */
import { cpSync, mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SMALL_AGENCY = fileURLToPath(new URL('../../../packages/importer/test/fixtures/small', import.meta.url));

/** The small fixture agency with `extra` more clients, each assigned to S-CM2 since 2024-05-01. */
export function agencyWithMoreClients(extra: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-replica-'));
  cpSync(SMALL_AGENCY, dir, { recursive: true });
  for (let i = 1; i <= extra; i += 1) {
    appendFileSync(path.join(dir, 'clients.csv'), `CX${i},P-OAA,1941,Kent,en,North,2024-05-01,,\n`);
    appendFileSync(path.join(dir, 'assignments.csv'), `CX${i},S-CM2,2024-05-01,\n`);
  }
  return dir;
}
