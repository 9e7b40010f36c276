/**
 * Named prepared statements for the few statements every request runs (the session
 * lookup). PostgreSQL plans an unnamed statement each time it is sent; for the session
 * lookup, a join of three tables with two sub-selects, planning costs several times the
 * execution. A statement registered here is sent by name: each connection parses and
 * plans it once, then only binds and executes it.
 *
 * Only statements registered by this package's queries are named, never arbitrary SQL:
 * each connection keeps one prepared statement per registered text, a bounded set. A
 * change to a table a plan depends on invalidates the plan and PostgreSQL replans it.
 * PGlite runs in-process with no wire protocol to save: there the text runs as before.
 */
import pg from 'pg';

/** registered statement text → its name on every connection */
const NAMES = new Map<string, string>();

/** Registers `text` (the exact SQL text sent) to be sent as a named prepared statement; returns its name. */
export function preparedStatement(text: string): string {
  let name = NAMES.get(text);
  if (!name) {
    name = `caseload_${NAMES.size + 1}`;
    NAMES.set(text, name);
  }
  return name;
}

type QueryArgs = Parameters<pg.Client['query']>;

/** pg's client, sending the registered statements by name (the pools' `Client`). */
export class PreparingClient extends pg.Client {
  // pg's query has many overloads; a registered text with its values is sent as a named query
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    const name = typeof text === 'string' ? NAMES.get(text) : undefined;
    if (name !== undefined && (values === undefined || Array.isArray(values)) && callback === undefined) {
      return super.query({ name, text: text as string, values: values as unknown[] | undefined }) as never;
    }
    return (super.query as (...a: unknown[]) => unknown)(...(args as QueryArgs)) as never;
  }
}
