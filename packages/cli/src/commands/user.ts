import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createUser, emailSchema, PASSWORD_MIN_LENGTH, resetUserPassword, ServiceError } from '@caseload/api';
import { findUserByEmail } from '@caseload/db';
import { USER_ROLES, type UserRole } from '@caseload/values';
import { clockOf, openDb } from '../env.ts';
import { CliError, UsageError } from '../errors.ts';
import type { CliIo, Command } from '../run.ts';

const CLI_ACTOR = { userId: null, actor: 'cli' } as const;

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Reads one line from a pipe (`echo "$PW" | pnpm --silent cli user add …`). */
function readLine(stdin: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (value: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      stdin.pause();
      resolve(value.replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) finish(text.slice(0, nl));
    };
    const onEnd = () => finish(text);
    const onError = (err: Error) => reject(err);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    stdin.resume();
  });
}

/** Reads a password typed at a terminal without echoing it. */
function readHidden(stdin: TtyInput, io: CliIo, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode?.(true);
    const done = (fn: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new CliError('cancelled')));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The new password, from stdin: hidden and asked twice at a terminal, one line from a pipe. */
async function readNewPassword(io: CliIo, forWhom: string): Promise<string> {
  const stdin = io.stdin as TtyInput;
  let password: string;
  if (stdin.isTTY) {
    password = await readHidden(stdin, io, `New password for ${forWhom} (at least ${PASSWORD_MIN_LENGTH} characters): `);
    const again = await readHidden(stdin, io, 'Repeat the password: ');
    if (again !== password) throw new CliError('the two passwords differ; nothing was changed');
  } else {
    password = await readLine(stdin);
  }
  if (password.length === 0) throw new CliError('no password on stdin (pipe it in, or run at a terminal to type it)');
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new CliError(`the password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  return password;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parseEmail(value: string): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`"${value}" is not an email address`);
  return parsed.data;
}

function asCliError(err: unknown): never {
  if (err instanceof ServiceError) throw new CliError(err.message);
  throw err;
}

export const userAdd: Command = {
  name: 'user add',
  usage: 'user add --agency ID --email E --role R [--teams a;b] [--programs x;y] [--staff ID]   (password on stdin)',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        agency: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        teams: { type: 'string' },
        programs: { type: 'string' },
        staff: { type: 'string' },
      },
      allowPositionals: false,
    });
    if (!values.agency || !values.email || !values.role) throw new UsageError('--agency, --email and --role are required');
    if (!(USER_ROLES as readonly string[]).includes(values.role)) {
      throw new CliError(`role "${values.role}" is not one of ${USER_ROLES.join(', ')}`);
    }
    const email = parseEmail(values.email);
    const password = await readNewPassword(io, email);
    const h = await openDb(io.env);
    try {
      const user = await createUser(
        h.db,
        values.agency,
        {
          email,
          role: values.role as UserRole,
          teamIds: list(values.teams),
          programIds: list(values.programs),
          staffId: values.staff?.trim() || null,
          password,
        },
        CLI_ACTOR,
        clockOf(io.env).now(),
      ).catch(asCliError);
      io.stderr.write(`created user ${user.email} (${user.role}) in agency ${user.agencyId}\n`);
      return 0;
    } finally {
      await h.close();
    }
  },
};

export const userResetPassword: Command = {
  name: 'user reset-password',
  usage: 'user reset-password --agency ID --email E   (new password on stdin)',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { agency: { type: 'string' }, email: { type: 'string' } },
      allowPositionals: false,
    });
    if (!values.agency || !values.email) throw new UsageError('--agency and --email are required');
    const email = parseEmail(values.email);
    const h = await openDb(io.env);
    try {
      const user = await findUserByEmail(h.db, values.agency, email);
      if (!user) throw new CliError(`agency ${values.agency} has no user ${email}`);
      const password = await readNewPassword(io, email);
      const { sessionsEnded } = await resetUserPassword(h.db, values.agency, user.userId, password, CLI_ACTOR, clockOf(io.env).now()).catch(
        asCliError,
      );
      io.stderr.write(`password changed for ${email}; ${sessionsEnded} session(s) signed out\n`);
      return 0;
    } finally {
      await h.close();
    }
  },
};
