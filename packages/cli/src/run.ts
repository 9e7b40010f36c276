import type { Readable, Writable } from 'node:stream';
import { commands } from './commands/index.ts';
import { CliError, UsageError } from './errors.ts';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

/** One command: parses its own flags with node:util parseArgs, returns an exit code. */
export interface Command {
  /** e.g. 'import' or 'db migrate' */
  name: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const USAGE = (all: Command[]) =>
  `usage: pnpm --silent cli <command> [options]\n\ncommands:\n${all.map((c) => `  ${c.usage}`).join('\n')}\n`;

/**
 * Exit 0 on success, 1 on bad input or failure (with a clear message on stderr),
 * 2 on bad usage. Machine output goes to stdout only.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const all = commands();
  const words = argv.filter((a) => !a.startsWith('-'));
  const cmd =
    all.find((c) => c.name.includes(' ') && c.name === words.slice(0, 2).join(' ')) ??
    all.find((c) => !c.name.includes(' ') && c.name === words[0]);
  if (!cmd || argv.includes('--help') || argv.includes('-h')) {
    io.stderr.write(USAGE(all));
    return cmd || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const skip = cmd.name.split(' ').length;
  const rest = [...argv];
  for (const w of cmd.name.split(' ')) rest.splice(rest.indexOf(w), 1);
  void skip;
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\nusage: pnpm --silent cli ${cmd.usage}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`error: ${err.message}\nusage: pnpm --silent cli ${cmd.usage}\n`);
      return 2;
    }
    // Never a stack trace to a user; DEBUG=1 shows it for developers.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`error: ${message}\n`);
    if (io.env.DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
