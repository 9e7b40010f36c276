/**
 * POST /admin/imports against oversized and malformed uploads (imports.test.ts covers
 * the ordinary refusals; this file covers the limits and failures beyond them):
 *
 * - a declared Content-Length of 2 GB is refused with 413 before any of the body is
 *   sent;
 * - the real server (main.ts as a child process, IMPORT_MAX_UPLOAD_MB=64) refuses a
 *   chunked upload without a length once 64 MB have arrived, multipart and zip alike,
 *   stops reading a true 2 GB stream and closes the connection, and its memory (RSS,
 *   sampled from /proc) stays bounded throughout;
 * - malformed multipart, damaged zips and zip bombs are refused with 400/413 and a
 *   clear message; nothing is imported and nothing is left in the temporary directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);

const MB = 1024 * 1024;
const PROGRAMS = 'program_id,name,funder\nP-OAA,OAA Title III,Older Americans Act\n';

interface ZipEntry {
  name: string;
  data: Buffer | Deflated;
  /** what the headers declare (default: the true size) */
  declaredSize?: number;
}

/** Data deflated ahead of time: the compressed bytes, the CRC-32 and the size of the original. */
interface Deflated {
  body: Buffer;
  crc: number;
  size: number;
}

/** `size` bytes of one repeated byte, deflated as a stream (never held in memory whole). */
async function deflatedRepeat(byte: number, size: number): Promise<Deflated> {
  const chunk = Buffer.alloc(MB, byte);
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let written = 0; written < size; written += MB) {
    crc = zlib.crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { body: Buffer.concat(out), crc, size };
}

/**
 * A deflate zip. `shareData`: every central directory entry points at the first
 * entry's data (the overlapping-files zip bomb: one compressed stream, many files).
 */
function makeZip(entries: ZipEntry[], { shareData = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let firstOffset = 0;
  for (const [i, e] of entries.entries()) {
    const d = Buffer.isBuffer(e.data) ? { body: zlib.deflateRawSync(e.data), crc: zlib.crc32(e.data), size: e.data.length } : e.data;
    const body = d.body;
    const name = Buffer.from(e.name);
    const crc = d.crc;
    const size = e.declaredSize ?? d.size;
    const writeLocal = !shareData || i === 0;
    if (writeLocal) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      if (i === 0) firstOffset = offset;
      locals.push(local, name, body);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(shareData ? firstOffset : offset, 42);
    centrals.push(central, name);
    if (writeLocal) offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

interface Raw {
  status: number;
  headers: string;
  body: string;
  /** ms from sending the headers to the end of the answer */
  ms: number;
}

/** Sends request headers only (never a body) over a raw socket and reads the answer. */
function headersOnly(url: string, head: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    const started = performance.now();
    socket.on('connect', () => socket.write(head));
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && text.length >= split + 4 + Number(length[1])) {
        socket.destroy();
        resolve({
          status: Number(text.slice(9, 12)),
          headers: text.slice(0, split),
          body: text.slice(split + 4),
          ms: Math.round(performance.now() - started),
        });
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer within 10 s; got ${JSON.stringify(text.slice(0, 200))}`));
    });
  });
}

interface Streamed {
  status: number | null;
  body: string;
  /** bytes written when the answer arrived */
  sentAtAnswer: number | null;
  /** bytes written in all */
  sent: number;
  /** the server closed the connection while we were still sending */
  cut: boolean;
  /** the Connection header of the answer */
  connection: string | undefined;
  /** ms from the start to the answer, and to the end of the connection */
  answeredMs: number | null;
  ms: number;
}

/**
 * Streams `total` bytes (after `prefix`) as a chunked body with no length, as fast as
 * the server reads it. `untilCut`: keep sending after the answer, until the server
 * closes the connection (or everything was sent).
 */
function streamUpload(
  url: string,
  opts: { cookie: string; contentType: string; total: number; prefix?: Buffer; untilCut?: boolean },
): Promise<Streamed> {
  const { hostname, port } = new URL(url);
  const chunk = Buffer.alloc(MB, 0x41);
  return new Promise((resolve) => {
    const started = performance.now();
    let sent = 0;
    let status: number | null = null;
    let body = '';
    let sentAtAnswer: number | null = null;
    let cut = false;
    let connection: string | undefined;
    let answeredMs: number | null = null;
    let stopped = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      stopped = true;
      req.destroy();
      resolve({ status, body, sentAtAnswer, sent, cut, connection, answeredMs, ms: Math.round(performance.now() - started) });
    };
    const req = http.request({
      host: hostname,
      port: Number(port),
      method: 'POST',
      path: '/admin/imports',
      headers: { origin: url, cookie: opts.cookie, 'content-type': opts.contentType, 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      sentAtAnswer = sent;
      connection = res.headers.connection;
      answeredMs = Math.round(performance.now() - started);
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => {
        if (!opts.untilCut) finish();
      });
      res.on('error', () => {});
    });
    req.on('error', () => {
      cut = true;
      finish();
    });
    req.on('close', () => {
      if (opts.untilCut && status !== null) {
        cut = cut || sent < opts.total;
        finish();
      }
    });
    if (opts.prefix) req.write(opts.prefix);
    const pump = () => {
      while (!stopped && sent < opts.total) {
        const ok = req.write(chunk);
        sent += chunk.length;
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      if (!stopped) req.end();
    };
    pump();
  });
}

let zeros: Promise<Deflated> | undefined;
/** 1 GB of "0" deflated (about 1 MB), made once for the file */
const gigabyteOfZeros = () => {
  zeros ??= deflatedRepeat(0x30, 1024 * MB);
  return zeros;
};

const multipartHead = (boundary: string, filename: string) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`);

describe.each(testDrivers())('uploads that must be refused, on %s', (driver) => {
  let h: DbHandle;
  let app: Running;
  let agencyId: string;
  let tempDir: string;
  let cookie: string;

  const counts = async () =>
    (await sql<{ n: number }>`select (select count(*) from programs)::int + (select count(*) from clients)::int as n`.execute(h.db)).rows[0]
      ?.n;
  const lastAudit = async () => (await listAudit(h.db, agencyId, {}, { limit: 1, offset: 0 })).entries[0];
  const post = (body: Buffer, contentType: string) =>
    fetch(`${app.url}/admin/imports`, {
      method: 'POST',
      headers: { origin: app.url, cookie, 'content-type': contentType },
      body: new Uint8Array(body),
    });

  /** refused with this status and message, nothing imported, audited, nothing left on disk */
  async function expectRefused(res: Response, status: number, message: RegExp) {
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
    expect((JSON.parse(text) as { error: string }).error).toMatch(message);
    expect(await counts()).toBe(0);
    expect((await lastAudit())?.action).toBe('import.failed');
    expect(readdirSync(tempDir)).toEqual([]);
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const admin = await makeUser(h.db, agencyId, { role: 'admin' });
    tempDir = mkdtempSync(path.join(tmpdir(), 'cm-upload-refusals-'));
    app = await startApp({
      db: h.db,
      dashboardDir: fakeDashboard(),
      logError: () => {},
      importLimits: { maxUploadBytes: 4 * MB, maxUncompressedBytes: 256 * 1024, tempDir },
    });
    cookie = sessionPair(await loginRequest(app.url, admin.email, TEST_PASSWORD));
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  test('a declared Content-Length of 2 GB is refused with 413 before any of the body is sent', async () => {
    const { host } = new URL(app.url);
    for (const type of ['application/zip', 'multipart/form-data; boundary=xyz']) {
      const answer = await headersOnly(
        app.url,
        `POST /admin/imports HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${app.url}\r\nCookie: ${cookie}\r\n` +
          `Content-Type: ${type}\r\nContent-Length: ${2 * 1024 ** 3}\r\n\r\n`,
      );
      expect(answer.status).toBe(413);
      expect(answer.headers).toMatch(/\r\nconnection: close/i);
      expect((JSON.parse(answer.body) as { error: string }).error).toBe(
        'The upload is larger than the limit of 4 MB. Upload fewer files at a time, or zip them.',
      );
      expect(await counts()).toBe(0);
      expect(readdirSync(tempDir)).toEqual([]);
    }
  });

  test('malformed multipart is refused with 400 and a clear message', async () => {
    await expectRefused(await post(Buffer.from(PROGRAMS), 'multipart/form-data'), 400, /not valid multipart\/form-data/);
    // a part that never ends (no closing boundary)
    const truncated = Buffer.concat([multipartHead('b0undary', 'programs.csv'), Buffer.from(PROGRAMS)]);
    await expectRefused(
      await post(truncated, 'multipart/form-data; boundary=b0undary'),
      400,
      /not valid multipart|did not arrive completely/,
    );
    // part headers that are not headers
    const garbage = Buffer.from('--b0undary\r\n\x00\x01\x02 not a header\r\n\r\n'.repeat(2000));
    await expectRefused(
      await post(garbage, 'multipart/form-data; boundary=b0undary'),
      400,
      /not valid multipart|did not arrive completely|no CSV files/,
    );
  });

  test('damaged zips are refused with 400: corrupt compressed data, a truncated file, a wrong checksum', async () => {
    const good = makeZip([{ name: 'programs.csv', data: Buffer.from(PROGRAMS.repeat(50)) }]);
    const corrupt = Buffer.from(good);
    for (let i = 40; i < 60; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0xff; // inside the deflate stream
    await expectRefused(await post(corrupt, 'application/zip'), 400, /programs\.csv in the \.zip file is damaged/);
    await expectRefused(
      await post(good.subarray(0, Math.floor(good.length / 2)), 'application/zip'),
      400,
      /not a zip file or it is damaged/,
    );
    const wrongCrc = Buffer.from(good);
    const cd = wrongCrc.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    wrongCrc.writeUInt32LE((wrongCrc.readUInt32LE(cd + 16) ^ 1) >>> 0, cd + 16);
    await expectRefused(await post(wrongCrc, 'application/zip'), 400, /damaged/);
  });

  test('zip bombs are refused without inflating them: 1 GB of zeros, and many files sharing one compressed stream', async () => {
    // 1 GB of zeros deflates to about 1 MB; honest sizes: refused on the declared total
    const gigabyte = await gigabyteOfZeros();
    const bomb = makeZip([{ name: 'contacts.csv', data: gigabyte }]);
    expect(bomb.length).toBeLessThan(4 * MB);
    const started = performance.now();
    await expectRefused(await post(bomb, 'application/zip'), 413, /larger than the limit of 256 KB once unzipped/);
    // the same bomb declaring 100 bytes: inflating stops at the declared size
    const lying = makeZip([{ name: 'contacts.csv', data: gigabyte, declaredSize: 100 }]);
    await expectRefused(await post(lying, 'application/zip'), 400, /contacts\.csv in the \.zip file is damaged/);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(10_000);
    // overlapping files: three names, one 200 KB stream; together past the limit
    const data = Buffer.alloc(200 * 1024, 0x31);
    const overlap = makeZip(
      ['programs.csv', 'clients.csv', 'staff.csv'].map((name) => ({ name, data })),
      { shareData: true },
    );
    await expectRefused(await post(overlap, 'application/zip'), 413, /once unzipped/);
  });
});

/** VmRSS of a process, in bytes (Linux). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

// The real server as a child process, so its memory is measured alone. PostgreSQL only
// (TEST_DATABASE_URL), like every pg case of testDrivers(): main.ts on the embedded
// database would first build the demo agency.
describe.each(testDrivers().filter((d) => d === 'pg' && existsSync('/proc/self/status')))(
  'the server (main.ts) with IMPORT_MAX_UPLOAD_MB=64 on %s',
  () => {
    let h: DbHandle;
    let child: ChildProcess;
    let url: string;
    let cookie: string;
    let tempDir: string;
    let agencyId: string;
    let samples: number[] = [];
    let sampler: NodeJS.Timeout | undefined;

    /** temporary upload directories left behind (TMPDIR also holds tsx's cache) */
    const leftovers = () => readdirSync(tempDir).filter((name) => name.startsWith('caseload-import-'));
    const startSampling = () => {
      samples = [];
      sampler = setInterval(() => samples.push(rss(child.pid as number)), 20);
    };
    const stopSampling = () => {
      clearInterval(sampler);
      return Math.max(...samples, rss(child.pid as number));
    };

    beforeAll(async () => {
      h = await createTestDb('pg');
      const name = (await sql<{ d: string }>`select current_database() as d`.execute(h.db)).rows[0]?.d as string;
      const dbUrl = new URL(process.env.TEST_DATABASE_URL as string);
      dbUrl.pathname = `/${name}`;
      agencyId = await makeAgency(h.db);
      const admin = await makeUser(h.db, agencyId, { role: 'admin' });
      tempDir = mkdtempSync(path.join(tmpdir(), 'cm-upload-server-'));
      const serverDir = fileURLToPath(new URL('..', import.meta.url));
      child = spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, 'src', 'main.ts')], {
        cwd: serverDir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: dbUrl.toString(),
          DASHBOARD_DIR: fakeDashboard(),
          IMPORT_MAX_UPLOAD_MB: '64',
          TMPDIR: tempDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /running at http:\/\/localhost:(\d+)\//.exec(out);
          if (m) resolve(`http://127.0.0.1:${m[1]}`);
        });
        child.stderr?.on('data', (c: Buffer) => {
          err += c.toString();
        });
        child.on('exit', (code) => reject(new Error(`main.ts exited with ${code}: ${err}`)));
      });
      cookie = sessionPair(await loginRequest(url, admin.email, TEST_PASSWORD));
    });
    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await h?.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    });

    test(
      'a chunked multipart upload with no length is refused with 413 at the limit; memory stays bounded',
      { timeout: 120_000 },
      async () => {
        const base = rss(child.pid as number);
        startSampling();
        const r = await streamUpload(url, {
          cookie,
          contentType: 'multipart/form-data; boundary=resilience',
          prefix: multipartHead('resilience', 'contacts.csv'),
          total: 96 * MB,
        });
        const peak = stopSampling();
        expect(r.status).toBe(413);
        expect((JSON.parse(r.body) as { error: string }).error).toBe(
          'The upload is larger than the limit of 64 MB. Upload fewer files at a time, or zip them.',
        );
        // answered once the limit was reached, not after reading everything
        expect(r.sentAtAnswer).toBeGreaterThanOrEqual(64 * MB);
        expect(r.sentAtAnswer).toBeLessThan(96 * MB);
        expect(peak - base).toBeLessThan(48 * MB);
        expect(leftovers()).toEqual([]);
        console.info(
          `[resilience] multipart stream: 413 after ${((r.sentAtAnswer ?? 0) / MB).toFixed(0)} MB sent in ${r.ms} ms; server RSS ${(base / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`,
        );
      },
    );

    test(
      'a true 2 GB zip stream: 413 at the limit, then the server stops reading and closes the connection; memory stays bounded',
      { timeout: 120_000 },
      async () => {
        const base = rss(child.pid as number);
        startSampling();
        const r = await streamUpload(url, { cookie, contentType: 'application/zip', total: 2048 * MB, untilCut: true });
        const peak = stopSampling();
        expect(r.status).toBe(413);
        expect((JSON.parse(r.body) as { error: string }).error).toMatch(/larger than the limit of 64 MB/);
        expect(r.sentAtAnswer).toBeGreaterThanOrEqual(64 * MB);
        // the server closed the connection right after answering, long before 2 GB
        expect(r.connection).toBe('close');
        expect(r.cut).toBe(true);
        expect(r.ms - (r.answeredMs ?? 0)).toBeLessThan(3_000);
        expect(r.sent).toBeLessThan(512 * MB);
        expect(r.ms).toBeLessThan(30_000);
        expect(peak - base).toBeLessThan(48 * MB);
        expect(leftovers()).toEqual([]);
        // still serving, nothing imported, the refusal audited
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        const n = await h.db
          .selectFrom('programs')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow();
        expect(n.n).toBe(0);
        const audit = await listAudit(h.db, agencyId, {}, { limit: 2, offset: 0 });
        expect(audit.entries.map((e) => e.action)).toEqual(['import.failed', 'import.failed']);
        console.info(
          `[resilience] 2 GB zip stream: 413 after ${((r.sentAtAnswer ?? 0) / MB).toFixed(0)} MB at ${r.answeredMs} ms, connection closed after ${(r.sent / MB).toFixed(0)} MB sent at ${r.ms} ms; server RSS ${(base / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`,
        );
      },
    );
  },
);
