/**
 * A closed-loop HTTP load generator: `concurrency` workers, each with its own
 * keep-alive connection and signed-in user, send GET requests back to back until a
 * request count or a duration is reached; every latency is kept (exact percentiles).
 * Traffic goes only to the server the benchmark started on 127.0.0.1.
 *
 * The generator runs on the same two cores as the server and PostgreSQL, so whatever it
 * spends on a request is taken from what it measures. It therefore speaks HTTP/1.1 on a
 * plain socket: each worker's request is written as one prepared buffer, and the answer
 * is read only as far as its framing needs (status line, Content-Length or chunk sizes,
 * Connection: close), its body counted, not kept. node:http's client spends several times
 * as much per request (parser, IncomingMessage, headers object, agent bookkeeping).
 */
import net from 'node:net';
import { summarize } from './stats.ts';
import type { HttpResult } from './table.ts';

export interface LoadRequest {
  /** path and query: '/trpc/caseload.report?input=…' */
  path: string;
  /** 'cm_session=…' */
  cookie: string;
}

export interface LoadOptions {
  /** stop issuing after this long (ms) */
  durationMs: number;
  /** or after this many requests, whichever comes first */
  maxRequests: number;
  /** a request taking longer is an error (ms) */
  timeoutMs: number;
}

interface Outcome {
  ms: number;
  ok: boolean;
  error: string | null;
}

const CRLF2 = Buffer.from('\r\n\r\n');
/** the start of an error answer's body kept for the message */
const ERROR_BODY_BYTES = 300;

/** Reads one response's framing from a stream of chunks; `push` returns the bytes past the response's end, or null while it is incomplete. */
export class ResponseReader {
  status = 0;
  close = false;
  private head: Buffer = Buffer.alloc(0);
  private headDone = false;
  /** bytes of body still to come (Content-Length), or -1 while chunked */
  private remaining = 0;
  private chunked = false;
  /** chunked: the size line being read, or the CRLF after a chunk's data */
  private chunkLine = '';
  private chunkLeft = 0;
  private afterChunk = false;
  private trailer = false;
  private untilClose = false;
  private readonly errorBody: Buffer[] = [];
  private errorBytes = 0;

  /** the first bytes of the body of an answer that is not 2xx */
  errorText(): string {
    return Buffer.concat(this.errorBody).toString('utf8').slice(0, ERROR_BODY_BYTES);
  }

  push(chunk: Buffer): Buffer | null {
    let data = chunk;
    if (!this.headDone) {
      this.head = this.head.length === 0 ? data : Buffer.concat([this.head, data]);
      const end = this.head.indexOf(CRLF2);
      if (end < 0) return null;
      this.parseHead(this.head.subarray(0, end).toString('latin1'));
      data = this.head.subarray(end + 4);
      this.head = Buffer.alloc(0);
      this.headDone = true;
      if (!this.chunked && !this.untilClose && this.remaining === 0) return data;
    }
    return this.chunked ? this.pushChunked(data) : this.pushLength(data);
  }

  /** the connection ended: the end of an answer framed by the close, or an error */
  ended(): boolean {
    return this.headDone && this.untilClose;
  }

  private keep(body: Buffer): void {
    if ((this.status < 200 || this.status >= 300) && this.errorBytes < ERROR_BODY_BYTES) {
      this.errorBody.push(body);
      this.errorBytes += body.length;
    }
  }

  private parseHead(text: string): void {
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!status) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    this.status = Number(status[1]);
    let length: number | null = null;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding' && value.includes('chunked')) this.chunked = true;
      else if (name === 'connection' && value.includes('close')) this.close = true;
    }
    if (this.status === 204 || this.status === 304) this.remaining = 0;
    else if (!this.chunked && length !== null) this.remaining = length;
    else if (!this.chunked) this.untilClose = true;
  }

  private pushLength(data: Buffer): Buffer | null {
    if (this.untilClose) {
      this.keep(data);
      return null;
    }
    const take = Math.min(this.remaining, data.length);
    this.keep(data.subarray(0, take));
    this.remaining -= take;
    return this.remaining === 0 ? data.subarray(take) : null;
  }

  private pushChunked(data: Buffer): Buffer | null {
    let i = 0;
    while (i < data.length) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, data.length - i);
        this.keep(data.subarray(i, i + take));
        this.chunkLeft -= take;
        i += take;
        if (this.chunkLeft === 0) this.afterChunk = true;
        continue;
      }
      // a line: a chunk's size, the CRLF after its data, or (after the last chunk) the trailer's lines
      const nl = data.indexOf(10, i);
      if (nl < 0) {
        this.chunkLine += data.subarray(i).toString('latin1');
        return null;
      }
      const line = (this.chunkLine + data.subarray(i, nl).toString('latin1')).replace(/\r$/, '');
      this.chunkLine = '';
      i = nl + 1;
      if (this.afterChunk) {
        this.afterChunk = false;
        continue;
      }
      if (this.trailer) {
        if (line === '') return data.subarray(i);
        continue;
      }
      const size = Number.parseInt(line.split(';')[0] ?? '', 16);
      if (!Number.isFinite(size)) throw new Error(`bad chunk size ${JSON.stringify(line.slice(0, 40))}`);
      if (size === 0) this.trailer = true;
      else this.chunkLeft = size;
    }
    return null;
  }
}

/** One worker's keep-alive connection: one request at a time. */
class Connection {
  private socket: net.Socket | null = null;
  private current: {
    socket: net.Socket;
    reader: ResponseReader;
    started: number;
    timer: NodeJS.Timeout;
    done: (o: Outcome, reusable: boolean) => void;
  } | null = null;

  constructor(
    private readonly base: URL,
    private readonly timeoutMs: number,
  ) {}

  private open(): net.Socket {
    const socket = net.connect({ host: this.base.hostname, port: Number(this.base.port), noDelay: true });
    // events of a socket no longer in use (closed after an answer) concern no request
    socket.on('data', (chunk: Buffer) => {
      if (this.current?.socket === socket) this.onData(chunk);
    });
    socket.on('error', (e) => {
      if (this.current?.socket === socket) this.fail(e.message);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      const c = this.current;
      if (c?.socket !== socket) return;
      if (c.reader.ended()) this.finish(false);
      else this.fail('the connection closed before the answer ended');
    });
    return socket;
  }

  request(raw: Buffer): Promise<Outcome> {
    return new Promise((resolve) => {
      const started = performance.now();
      const socket = (this.socket ??= this.open());
      const timer = setTimeout(() => this.fail(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      this.current = {
        socket,
        reader: new ResponseReader(),
        started,
        timer,
        done: (o, reusable) => {
          if (!reusable) {
            socket.destroy();
            if (this.socket === socket) this.socket = null;
          }
          resolve(o);
        },
      };
      socket.write(raw);
    });
  }

  private onData(chunk: Buffer): void {
    const c = this.current;
    if (!c) return;
    let rest: Buffer | null;
    try {
      rest = c.reader.push(chunk);
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
      return;
    }
    if (rest === null) return;
    if (rest.length > 0) {
      this.fail(`${rest.length} bytes after the answer`);
      return;
    }
    this.finish(!c.reader.close);
  }

  private finish(reusable: boolean): void {
    const c = this.current;
    if (!c) return;
    this.current = null;
    clearTimeout(c.timer);
    const ok = c.reader.status >= 200 && c.reader.status < 300;
    c.done({ ms: performance.now() - c.started, ok, error: ok ? null : `${c.reader.status} ${c.reader.errorText()}` }, reusable);
  }

  private fail(message: string): void {
    const c = this.current;
    if (!c) return;
    this.current = null;
    clearTimeout(c.timer);
    c.done({ ms: performance.now() - c.started, ok: false, error: message }, false);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** The bytes of one GET request. */
function requestBytes(base: URL, req: LoadRequest): Buffer {
  return Buffer.from(
    `GET ${req.path} HTTP/1.1\r\nhost: ${base.host}\r\ncookie: ${req.cookie}\r\naccept: application/json\r\nconnection: keep-alive\r\n\r\n`,
    'latin1',
  );
}

/**
 * Runs the workers (one per entry of `requests`) and summarizes what they measured.
 */
export async function runLoad(baseUrl: string, requests: readonly LoadRequest[], options: LoadOptions): Promise<HttpResult> {
  const base = new URL(baseUrl);
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const connections: Connection[] = [];
  const worker = async (req: LoadRequest) => {
    const raw = requestBytes(base, req);
    const connection = new Connection(base, options.timeoutMs);
    connections.push(connection);
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued += 1;
      const o = await connection.request(raw);
      latencies.push(o.ms);
      if (!o.ok) {
        errors += 1;
        firstError ??= o.error;
      }
    }
  };
  await Promise.all(requests.map(worker));
  const seconds = (performance.now() - started) / 1000;
  for (const c of connections) c.close();
  return {
    requests: latencies.length,
    errors,
    firstError,
    reqPerSec: seconds > 0 ? latencies.length / seconds : 0,
    latency: summarize(latencies),
  };
}

/** One request, for setup: status and parsed JSON body. */
export async function getJson(baseUrl: string, path: string, cookie: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** The tRPC GET path of a query procedure with its input. */
export function trpcPath(procedure: string, input: unknown): string {
  return input === undefined ? `/trpc/${procedure}` : `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}
