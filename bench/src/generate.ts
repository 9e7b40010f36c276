/**
 * Generates the synthetic agency in its own process (argv: scale seed asOf dir) and
 * writes dir/synthetic.json last, so a run that stops early leaves no marker.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateAgency, type Scale } from '@caseload/importer';

const [scale, seed, asOf, dir] = process.argv.slice(2);
if (!scale || !seed || !asOf || !dir) {
  process.stderr.write('usage: generate.ts scale seed asOf dir\n');
  process.exit(2);
}
const agency = await generateAgency({ scale: scale as Scale, seed: Number(seed), asOf }, dir);
await writeFile(path.join(dir, 'synthetic.json'), JSON.stringify(agency));
