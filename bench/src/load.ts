/**
 * A closed-loop HTTP load generator: `concurrency` workers, each with its own
 * keep-alive connection and signed-in user, send GET requests back to back until a
 * request count or a duration is reached; every latency is kept (exact percentiles).
 * Traffic goes only to the server the benchmark started on 127.0.0.1.
 */
import http from 'node:http';
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

function get(agent: http.Agent, base: URL, req: LoadRequest, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ ms: performance.now() - started, ok, error });
    };
    const r = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: req.path,
        method: 'GET',
        agent,
        headers: { cookie: req.cookie, accept: 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        const ok = status >= 200 && status < 300;
        res.on('data', (c: Buffer) => {
          if (!ok && chunks.length < 4) chunks.push(c);
        });
        res.on('end', () => done(ok, ok ? null : `${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
        res.on('error', (e) => done(false, e.message));
      },
    );
    r.on('timeout', () => {
      r.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    r.on('error', (e) => done(false, e.message));
    r.end();
  });
}

/**
 * Runs the workers (one per entry of `requests`) and summarizes what they measured.
 */
export async function runLoad(baseUrl: string, requests: readonly LoadRequest[], options: LoadOptions): Promise<HttpResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: requests.length });
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (req: LoadRequest) => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued += 1;
      const o = await get(agent, base, req, options.timeoutMs);
      latencies.push(o.ms);
      if (!o.ok) {
        errors += 1;
        firstError ??= o.error;
      }
    }
  };
  await Promise.all(requests.map(worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
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
