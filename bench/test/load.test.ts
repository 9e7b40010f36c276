/**
 * The load generator's HTTP client (src/load.ts) against node:http servers: answers framed
 * by Content-Length, by chunks and by the connection's close, errors and timeouts, and a
 * response split at every byte.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ResponseReader, runLoad } from '../src/load.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const options = { durationMs: 10_000, maxRequests: 60, timeoutMs: 5_000 };

describe('the load generator', () => {
  test('Content-Length answers on keep-alive connections: every request counted, each worker on one connection, its cookie sent', async () => {
    const seen: string[] = [];
    const sockets = new Set<unknown>();
    const url = await serve((req, res) => {
      seen.push(`${req.url} ${req.headers.cookie}`);
      sockets.add(req.socket);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, pad: 'x'.repeat(5000) }));
    });
    const r = await runLoad(
      url,
      [
        { path: '/a?x=1', cookie: 's=1' },
        { path: '/b', cookie: 's=2' },
        { path: '/c', cookie: 's=3' },
      ],
      options,
    );
    expect(r.requests).toBe(60);
    expect(r.errors).toBe(0);
    expect(r.latency.n).toBe(60);
    expect(seen).toHaveLength(60);
    expect(new Set(seen)).toEqual(new Set(['/a?x=1 s=1', '/b s=2', '/c s=3']));
    expect(sockets.size).toBe(3);
  });

  test('chunked answers of 400 kB, and answers that close the connection, are read to their end', async () => {
    let closes = 0;
    const url = await serve((req, res) => {
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 40; i++) res.write('y'.repeat(10_000));
        res.end();
      } else {
        closes += 1;
        res.writeHead(200, { connection: 'close', 'content-length': '2' });
        res.end('{}');
      }
    });
    const r = await runLoad(
      url,
      [
        { path: '/chunked', cookie: 'c=1' },
        { path: '/close', cookie: 'c=2' },
      ],
      { ...options, maxRequests: 20 },
    );
    expect(r.errors).toBe(0);
    expect(r.requests).toBe(20);
    expect(closes).toBeGreaterThan(0);
  });

  test('an answer that is not 2xx is an error with its status and the start of its body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"error":"not yours"}');
    });
    const r = await runLoad(url, [{ path: '/', cookie: 'c=1' }], { ...options, maxRequests: 3 });
    expect(r.requests).toBe(3);
    expect(r.errors).toBe(3);
    expect(r.firstError).toBe('403 {"error":"not yours"}');
  });

  test('no answer within the timeout is an error, and the next request gets a new connection', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      n += 1;
      if (n === 1) return; // never answered
      res.end('ok');
    });
    const r = await runLoad(url, [{ path: '/', cookie: 'c=1' }], { durationMs: 10_000, maxRequests: 2, timeoutMs: 300 });
    expect(r.requests).toBe(2);
    expect(r.errors).toBe(1);
    expect(r.firstError).toBe('no answer within 300 ms');
  });

  test('a chunked answer fed one byte at a time ends exactly at its last byte', () => {
    const text =
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-trailer: 1\r\n\r\n';
    const bytes = Buffer.from(text, 'latin1');
    const reader = new ResponseReader();
    for (let i = 0; i < bytes.length; i++) {
      const rest = reader.push(bytes.subarray(i, i + 1));
      if (i < bytes.length - 1) expect(rest).toBeNull();
      else expect(rest?.length).toBe(0);
    }
    expect(reader.status).toBe(200);
  });

  test('a Content-Length answer split anywhere ends at its length; an error body is kept for the message', () => {
    const body = '{"error":"Too many requests of this kind."}';
    const bytes = Buffer.from(`HTTP/1.1 429 Too Many Requests\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 'latin1');
    for (let split = 1; split < bytes.length; split++) {
      const reader = new ResponseReader();
      const first = reader.push(bytes.subarray(0, split));
      const rest = first ?? reader.push(bytes.subarray(split));
      expect(rest?.length).toBe(0);
      expect(reader.status).toBe(429);
      expect(reader.errorText()).toBe(body);
    }
  });
});
