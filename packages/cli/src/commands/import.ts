import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { IMPORT_FILES, type ImportProgress, importDirectory } from '@caseload/importer';
import { agencyToday } from '@caseload/api';
import { clockOf, openDb } from '../env.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../run.ts';

const FORMATS = ['text', 'json'] as const;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Progress on stderr: one line when a file is done, and for long files a line at most
 * every two seconds in between.
 */
function progressPrinter(stderr: Writable, now: () => number = Date.now) {
  let current: ImportProgress | undefined;
  let lastPrinted = now();
  const line = (p: ImportProgress, done: boolean) => {
    const pct = !done && p.totalBytes ? ` (${Math.floor((100 * p.bytes) / p.totalBytes)}%)` : '';
    stderr.write(`${p.file}: ${count(p.rows)} rows read${done ? '' : '…'}${pct}\n`);
  };
  return {
    update(p: ImportProgress) {
      if (current && current.file !== p.file) line(current, true);
      current = p;
      if (now() - lastPrinted >= 2000) {
        line(p, false);
        lastPrinted = now();
      }
    },
    finish() {
      if (current) line(current, true);
      current = undefined;
    },
  };
}

export const importCommand: Command = {
  name: 'import',
  usage: 'import DIR --agency ID [--format text|json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { agency: { type: 'string' }, format: { type: 'string', default: 'text' } },
      allowPositionals: true,
    });
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new UsageError('give exactly one directory to import');
    if (!values.agency) throw new UsageError('--agency is required');
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}`);

    const h = await openDb(io.env);
    try {
      const progress = progressPrinter(io.stderr);
      const user = io.env.USER || io.env.USERNAME;
      const result = await importDirectory(h.db, dir, {
        agencyId: values.agency,
        today: await agencyToday(h.db, values.agency, clockOf(io.env)),
        actor: { userId: null, label: user ? `cli (${user})` : 'cli' },
        onProgress: progress.update,
      });
      progress.finish();

      for (const name of result.ignored ?? []) {
        io.stderr.write(`note: ignored ${name}: not an import file (those are ${IMPORT_FILES.join(', ')})\n`);
      }
      if (format === 'json') io.stdout.write(`${JSON.stringify(result)}\n`);

      if (result.ok) {
        const sum = (k: 'inserted' | 'updated' | 'unchanged') => result.files.reduce((n, f) => n + f[k], 0);
        io.stderr.write(
          `imported ${count(result.totalRows)} rows from ${result.files.length} file${result.files.length === 1 ? '' : 's'} ` +
            `into agency ${values.agency}: ${count(sum('inserted'))} new, ${count(sum('updated'))} changed, ` +
            `${count(sum('unchanged'))} unchanged\n`,
        );
        return 0;
      }
      if (format === 'text') {
        for (const e of result.errors) io.stderr.write(`${e}\n`);
        const more = result.errorCount - result.errors.length;
        if (more > 0) io.stderr.write(`… and ${count(more)} more\n`);
      }
      io.stderr.write(
        `${count(result.errorCount)} error${result.errorCount === 1 ? '' : 's'}; nothing was imported\n`,
      );
      return 1;
    } finally {
      await h.close();
    }
  },
};
