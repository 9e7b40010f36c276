import { createAgency, findAgency } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { parseArgs } from 'node:util';
import { openDb } from '../env.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Command } from '../run.ts';
import { isId, ID_RULE } from '@caseload/values';

export const agencyAdd: Command = {
  name: 'agency add',
  usage: 'agency add --agency ID --name NAME',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { agency: { type: 'string' }, name: { type: 'string' } },
      allowPositionals: false,
    });
    if (!values.agency || !values.name) throw new UsageError('--agency and --name are required');
    if (!isId(values.agency)) throw new CliError(`agency id "${values.agency}" must be ${ID_RULE}`);
    const h = await openDb(io.env);
    try {
      if (await findAgency(h.db, values.agency)) throw new CliError(`agency ${values.agency} already exists`);
      await createAgency(h.db, { agencyId: values.agency, name: values.name, settings: defaultSettings, createdBy: 'cli' });
      io.stderr.write(`created agency ${values.agency}\n`);
      return 0;
    } finally {
      await h.close();
    }
  },
};
