import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAgency, findAgency } from '@caseload/db';
import { checkGenerateOptions, generateAgency, importDirectory, type Scale, SCALES_LIST, type SyntheticAgency } from '@caseload/importer';
import { DEFAULT_TIME_ZONE } from '@caseload/clock';
import { defaultSettings } from '@caseload/metrics';
import { clockOf, openDb } from '../env.ts';
import { CliError, UsageError } from '../errors.ts';
import type { CliIo, Command } from '../run.ts';
import { isId } from '@caseload/values';

const DEMO_AGENCY_NAME = 'Demo Area Agency on Aging';

function writeSummary(io: CliIo, result: SyntheticAgency, seconds: number, where: string): void {
  const { summary: s, stories: t, files } = result;
  const lines = [
    `generated scale ${s.scale} (seed ${s.seed}, as of ${s.asOf}, history from ${s.historyFrom}) in ${seconds.toFixed(1)} s into ${where}`,
    `  ${s.programs} programs, ${s.teams} teams, ${s.caseloadStaff} case managers carrying a caseload (${s.caseManagers} over the years), ${s.activeClients} active clients of ${s.clients}`,
    ...files.map((f) => `  ${f.file.padEnd(24)} ${String(f.rows).padStart(9)} rows ${String(f.bytes).padStart(12)} bytes`),
    'stories:',
    `  overloaded team ${t.overloadedTeam.teamId} since ${t.overloadedTeam.since}`,
    `  ${t.onLeave.staffId} (${t.onLeave.teamId}) on leave since ${t.onLeave.since}, holding ${t.onLeave.clientIds.length} clients (uncovered)`,
    `  ${t.unassignedClientIds.length} unassigned clients: ${t.unassignedClientIds.join(', ')}`,
    `  slow provider ${t.slowProvider.providerId} (${t.slowProvider.name})`,
    `  satisfaction dip in ${t.satisfactionDip.teamId} (${t.satisfactionDip.programId}) ${t.satisfactionDip.from} to ${t.satisfactionDip.to}; QA reviews ${t.satisfactionDip.qaReviewIds.join(', ')}`,
  ];
  io.stderr.write(`${lines.join('\n')}\n`);
}

export const seed: Command = {
  name: 'seed',
  usage: 'seed --agency ID --scale s|m|l [--seed N] [--out DIR] [--as-of YYYY-MM-DD]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        agency: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'as-of': { type: 'string' },
      },
      allowPositionals: false,
    });
    if (!values.agency || !values.scale) throw new UsageError('--agency and --scale are required');
    if (!SCALES_LIST.includes(values.scale as Scale)) throw new UsageError(`--scale must be one of ${SCALES_LIST.join(', ')}`);
    const seedText = values.seed ?? '1';
    if (!/^-?\d{1,15}$/.test(seedText)) throw new UsageError(`--seed must be an integer, not "${seedText}"`);
    if (!isId(values.agency)) {
      throw new CliError(`agency id "${values.agency}" must be 1–64 characters of A-Z a-z 0-9 . _ : -`);
    }
    const clock = clockOf(io.env);
    // as of today: a new agency's (the default time zone) unless it exists (then its own; below)
    const options = { scale: values.scale as Scale, seed: Number(seedText), asOf: values['as-of'] ?? clock.today(DEFAULT_TIME_ZONE) };
    try {
      checkGenerateOptions(options);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }

    const started = performance.now();
    if (values.out) {
      const out = resolve(values.out);
      let result: SyntheticAgency;
      try {
        result = await generateAgency(options, out);
      } catch (err) {
        throw new CliError(`cannot write to ${out}: ${err instanceof Error ? err.message : String(err)}`);
      }
      writeSummary(io, result, (performance.now() - started) / 1000, out);
      return 0;
    }

    const dir = await mkdtemp(join(tmpdir(), 'caseload-seed-'));
    try {
      const result = await generateAgency(options, dir);
      writeSummary(io, result, (performance.now() - started) / 1000, 'a temporary directory');
      const h = await openDb(io.env);
      try {
        const existed = !!(await findAgency(h.db, values.agency));
        if (!existed) {
          await createAgency(h.db, { agencyId: values.agency, name: DEMO_AGENCY_NAME, settings: defaultSettings, createdBy: 'cli seed' });
          io.stderr.write(`created agency ${values.agency} (${DEMO_AGENCY_NAME})\n`);
        }
        let lastFile = '';
        let lastRows = 0;
        const imported = await importDirectory(h.db, dir, {
          agencyId: values.agency,
          today: options.asOf,
          actor: { userId: null, label: 'cli seed' },
          onProgress: (p) => {
            if (p.file !== lastFile) {
              io.stderr.write(`importing ${p.file}\n`);
              lastFile = p.file;
              lastRows = 0;
            }
            if (p.rows - lastRows >= 100_000) {
              io.stderr.write(`  ${p.rows} rows\n`);
              lastRows = p.rows;
            }
          },
        });
        if (!imported.ok) {
          const more = imported.errorCount > imported.errors.length ? `\n… and ${imported.errorCount - imported.errors.length} more` : '';
          const hint = existed
            ? `\nagency ${values.agency} already held data; a different seed or as-of date conflicts with it: seed a new --agency instead`
            : '';
          throw new CliError(`import failed, nothing was changed:\n${imported.errors.join('\n')}${more}${hint}`);
        }
        for (const f of imported.files) {
          io.stderr.write(
            `  ${f.file.padEnd(24)} ${String(f.rows).padStart(9)} rows (${f.inserted} new, ${f.updated} changed, ${f.unchanged} unchanged)\n`,
          );
        }
        io.stderr.write(
          `imported ${imported.totalRows} rows into agency ${values.agency} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
        return 0;
      } finally {
        await h.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
