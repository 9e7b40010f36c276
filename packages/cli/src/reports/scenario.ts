/**
 * `--scenario FILE`: what-if inputs for the staffing forecast as JSON
 * (`{intakeChange, hires, departures, target, tierHours}`), read and checked before
 * anything is computed. A mistake is reported with the file, line and column.
 */
import { readFile } from 'node:fs/promises';
import { type ForecastScenarioInput, forecastScenarioSchema } from '@caseload/api';
import { CliError } from '../errors.ts';

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads a JSON text strictly: the offset of every value by path ("hires.0.month"; ''
 * is the whole document), or a JsonSyntax error at the offset of the first mistake.
 */
function valueOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntax(
      i,
      i >= text.length ? `the text ends where ${what} was expected` : `${JSON.stringify(text[i])} where ${what} was expected`,
    );
  };
  const ws = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i] as string)) i++;
  };
  const expect = (c: string, what: string) => {
    ws();
    if (text[i] !== c) fail(what);
    i++;
  };
  const str = (): string => {
    if (text[i] !== '"') fail('a string in double quotes');
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('the closing quote');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('the closing quote');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new JsonSyntax(start, 'a string with a bad escape');
    }
  };
  const value = (path: string): void => {
    ws();
    out.set(path, i);
    const c = text[i];
    const at = (k: string) => (path === '' ? k : `${path}.${k}`);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = str();
        expect(':', 'a colon');
        value(at(key));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('a comma or }');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(at(String(n)));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('a comma or ]');
      }
    }
    if (c === '"') return void str();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail('a value');
  };
  value('');
  ws();
  if (i < text.length) fail('the end of the text');
  return out;
}

/** The scenario in `file`, or a CliError naming the file, line and column of the mistake. */
export async function readScenarioFile(file: string): Promise<ForecastScenarioInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: cannot read the scenario file (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`);
  }
  return parseScenario(file, text);
}

function parseScenario(file: string, text: string): ForecastScenarioInput {
  let offsets: Map<string, number>;
  try {
    offsets = valueOffsets(text);
  } catch (err) {
    if (!(err instanceof JsonSyntax)) throw err;
    const where = lineColumn(text, err.offset);
    throw new CliError(`${file}:${where.line}:${where.column}: not JSON: ${err.message}`);
  }
  const parsed = forecastScenarioSchema.safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as (typeof parsed.error.issues)[number];
  // the deepest path that exists in the text (an unknown or missing key points at its object)
  const path = issue.path.map(String);
  let offset = 0;
  for (let n = path.length; n >= 0; n--) {
    const found = offsets.get(path.slice(0, n).join('.'));
    if (found !== undefined) {
      offset = found;
      break;
    }
  }
  const where = lineColumn(text, offset);
  const name = path.length ? path.join('.') : 'the scenario';
  const keys =
    issue.code === 'unrecognized_keys'
      ? ` (${issue.keys.join(', ')}; a scenario has intakeChange, hires, departures, target, tierHours)`
      : '';
  throw new CliError(`${file}:${where.line}:${where.column}: ${name}: ${issue.message}${keys}`);
}
