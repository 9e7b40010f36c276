import { moveAgency, parseClusters, placeAgency, TenantMoveError } from '@caseload/db';
import { isId, ID_RULE } from '@caseload/values';
import { parseArgs } from 'node:util';
import { openDb } from '../env.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Command } from '../run.ts';

const CLUSTER_NAME = /^[a-z0-9_-]{1,40}$/;

function clustersOf(env: NodeJS.ProcessEnv): Map<string, string> {
  const clusters = parseClusters(env.CASELOAD_CLUSTERS);
  if (clusters.size === 0) throw new CliError('CASELOAD_CLUSTERS is not set (name=postgres://…,name=postgres://…)');
  return clusters;
}

/** Names the cluster that holds an agency, in the directory of the home database (DATABASE_URL). */
export const tenantPlace: Command = {
  name: 'tenant place',
  usage: 'tenant place --agency ID --cluster NAME   (the cluster must be named in CASELOAD_CLUSTERS)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { agency: { type: 'string' }, cluster: { type: 'string' } }, allowPositionals: false });
    if (!values.agency || !values.cluster) throw new UsageError('--agency and --cluster are required');
    if (!isId(values.agency)) throw new CliError(`agency id "${values.agency}" must be ${ID_RULE}`);
    if (!CLUSTER_NAME.test(values.cluster)) throw new CliError(`cluster name "${values.cluster}" must be 1-40 of a-z, 0-9, _ and -`);
    if (!clustersOf(io.env).has(values.cluster)) throw new CliError(`cluster ${values.cluster} is not in CASELOAD_CLUSTERS`);
    const h = await openDb(io.env);
    try {
      await placeAgency(h.db, values.agency, values.cluster);
      io.stderr.write(`agency ${values.agency} is on ${values.cluster}\n`);
      return 0;
    } finally {
      await h.close();
    }
  },
};

/**
 * Moves an agency to another cluster with logical replication filtered by agency_id
 * (@caseload/db tenants.ts): copy, catch up, switch the directory, verify per-table
 * checksums, drop the old rows. Prints the checksums on the target (table, rows, md5).
 */
export const tenantMove: Command = {
  name: 'tenant move',
  usage: 'tenant move --agency ID --to NAME   (CASELOAD_CLUSTERS names the clusters; the directory is in DATABASE_URL)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { agency: { type: 'string' }, to: { type: 'string' } }, allowPositionals: false });
    if (!values.agency || !values.to) throw new UsageError('--agency and --to are required');
    if (!isId(values.agency)) throw new CliError(`agency id "${values.agency}" must be ${ID_RULE}`);
    const clusters = clustersOf(io.env);
    const h = await openDb(io.env);
    try {
      const report = await moveAgency({
        agencyId: values.agency,
        directory: h.db,
        clusters,
        to: values.to,
        log: (line) => io.stderr.write(`${line}\n`),
      });
      io.stdout.write('table,rows,md5\n');
      for (const t of report.checksums) io.stdout.write(`${t.table},${t.rows},${t.checksum}\n`);
      io.stderr.write(`moved ${values.agency} from ${report.from} to ${report.to}; deleted ${report.deletedRows} rows on ${report.from}\n`);
      return 0;
    } catch (error) {
      if (error instanceof TenantMoveError) throw new CliError(error.message);
      throw error;
    } finally {
      await h.close();
    }
  },
};
