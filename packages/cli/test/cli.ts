import { Readable, Writable } from 'node:stream';
import { runCli } from '../src/run.ts';

/** What a command printed and how it ended. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command line in-process, as `pnpm cli …` would, with `env` as its whole
 * environment and an empty stdin, and captures what it writes.
 */
export async function runCapturing(env: Record<string, string | undefined>, argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCli(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([]),
    env,
  });
  return { code, stdout, stderr };
}
