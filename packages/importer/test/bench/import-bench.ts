/**
 * Import throughput, not a test: `npx tsx test/bench/import-bench.ts [rows] [pg|pglite]`
 * from packages/importer (set TEST_DATABASE_URL to include PostgreSQL). Writes a
 * contacts.csv of `rows` rows (default 200,000) with the programs, staff and clients it
 * refers to, imports it into a fresh database, imports it again (every row unchanged),
 * and prints rows per second and the peak resident memory.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createAgency } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { importDirectory } from '../../src/index.ts';

const rows = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'caseload-bench-'));
const STAFF = 60;
const CLIENTS = 6000;
const MODES = ['home_visit', 'office_visit', 'phone', 'video', 'collateral'];

writeFileSync(join(dir, 'programs.csv'), 'program_id,name,funder\nP1,OAA Title III,Older Americans Act\n');
writeFileSync(
  join(dir, 'staff.csv'),
  `staff_id,name,role,caseload_fte\n${Array.from({ length: STAFF }, (_, i) => `S${i},Staff ${i},case_manager,1`).join('\n')}\n`,
);
writeFileSync(
  join(dir, 'clients.csv'),
  `client_id,program_id,enrolled_on\n${Array.from({ length: CLIENTS }, (_, i) => `C${i},P1,2023-01-01`).join('\n')}\n`,
);
const out = createWriteStream(join(dir, 'contacts.csv'));
out.write('contact_id,client_id,staff_id,occurred_on,mode,minutes\n');
for (let i = 0; i < rows; i++) {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 12)).padStart(2, '0');
  const line = `CT-${String(i).padStart(8, '0')},C${i % CLIENTS},S${i % STAFF},2024-${month}-${day},${MODES[i % 5]},${(i * 7) % 120}\n`;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const mb = (statSync(join(dir, 'contacts.csv')).size / 1e6).toFixed(1);
console.log(`contacts.csv: ${rows.toLocaleString('en-US')} rows, ${mb} MB`);

const only = process.argv[3];
for (const driver of testDrivers().filter((d) => !only || d === only)) {
  const h = await createTestDb(driver);
  try {
    await createAgency(h.db, { agencyId: 'bench', name: 'Bench', settings: {} });
    for (const pass of ['first import', 'same files again']) {
      let peak = 0;
      let heap = 0;
      const t0 = performance.now();
      const result = await importDirectory(h.db, dir, {
        agencyId: 'bench',
        // the rows are dated 2024; any later today accepts them
        today: '2025-01-01',
        onProgress: () => {
          peak = Math.max(peak, process.memoryUsage().rss);
          heap = Math.max(heap, process.memoryUsage().heapUsed);
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      if (!result.ok) throw new Error(result.errors.join('\n'));
      const total = result.totalRows;
      console.log(
        `${driver.padEnd(6)} ${pass.padEnd(16)} ${total.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s = ` +
          `${Math.round(total / seconds).toLocaleString('en-US')} rows/s; peak RSS ${Math.round(peak / 2 ** 20)} MiB, JS heap ${Math.round(heap / 2 ** 20)} MiB`,
      );
    }
  } finally {
    await h.close();
  }
}
rmSync(dir, { recursive: true, force: true });
