import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { checkProfile, IMPORT_FILES, type ImportProgress, importDirectory, type MappingProfile } from '@caseload/importer';
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
  usage: 'import DIR --agency ID [--profile FILE] [--snapshot FILE,FILE…] [--format text|json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        agency: { type: 'string' },
        profile: { type: 'string' },
        snapshot: { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
      allowPositionals: true,
    });
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new UsageError('give exactly one directory to import');
    if (!values.agency) throw new UsageError('--agency is required');
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}`);

    // full snapshots: the named import files are the whole truth for their entities
    const snapshot =
      values.snapshot === undefined
        ? []
        : values.snapshot
            .split(/[,;]/)
            .map((f) => f.trim())
            .filter(Boolean);
    const unknownSnapshot = snapshot.filter((f) => !IMPORT_FILES.includes(f));
    if (unknownSnapshot.length) {
      throw new UsageError(`--snapshot names import files (${IMPORT_FILES.join(', ')}); not ${unknownSnapshot.join(', ')}`);
    }
    let profile: MappingProfile | undefined;
    if (values.profile !== undefined) {
      const loaded = await loadProfile(values.profile);
      if (typeof loaded === 'string') {
        io.stderr.write(`${loaded}\n`);
        return 1;
      }
      profile = loaded;
    }

    const h = await openDb(io.env);
    try {
      const progress = progressPrinter(io.stderr);
      const user = io.env.USER || io.env.USERNAME;
      const result = await importDirectory(h.db, dir, {
        agencyId: values.agency,
        today: await agencyToday(h.db, values.agency, clockOf(io.env)),
        actor: { userId: null, label: user ? `cli (${user})` : 'cli' },
        onProgress: progress.update,
        via: 'cli',
        ...(profile ? { profile } : {}),
        ...(snapshot.length ? { snapshot } : {}),
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
            `${count(sum('unchanged'))} unchanged` +
            (result.files.some((f) => f.deleted !== undefined)
              ? `, ${count(result.files.reduce((n, f) => n + (f.deleted ?? 0), 0))} deleted (not in the snapshot)`
              : '') +
            '\n',
        );
        return 0;
      }
      if (format === 'text') {
        for (const e of result.errors) io.stderr.write(`${e}\n`);
        const more = result.errorCount - result.errors.length;
        if (more > 0) io.stderr.write(`… and ${count(more)} more\n`);
      }
      io.stderr.write(`${count(result.errorCount)} error${result.errorCount === 1 ? '' : 's'}; nothing was imported\n`);
      return 1;
    } finally {
      await h.close();
    }
  },
};

/** A mapping profile from a JSON file, checked; a string is the message for the person. */
async function loadProfile(file: string): Promise<MappingProfile | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `${file}: the profile cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `${file}: the profile is not valid JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  const checked = checkProfile(json);
  if (!checked.ok) return checked.errors.map((e) => `${file}: ${e}`).join('\n');
  return checked.profile;
}
