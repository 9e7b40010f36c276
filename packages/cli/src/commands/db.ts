import { connect, migrateToLatest } from '@caseload/db';
import { dbOptions } from '../env.ts';
import type { Command } from '../run.ts';
import { UsageError } from '../errors.ts';

export const dbMigrate: Command = {
  name: 'db migrate',
  usage: 'db migrate',
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument ${args[0]}`);
    const h = await connect(dbOptions(io.env));
    try {
      const r = await migrateToLatest(h.db);
      const applied = (r.results ?? []).filter((x) => x.status === 'Success').map((x) => x.migrationName);
      io.stderr.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
      return 0;
    } finally {
      await h.close();
    }
  },
};
