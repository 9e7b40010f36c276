/**
 * Bytes on the wire per request: for a running server and a database the
 * benchmark kept (`pnpm bench -- --keep`), signs in as one director and sends each
 * dashboard request of procedures.ts with its default input, as a browser would
 * (Accept-Encoding: br, gzip), then again with the ETag it got (If-None-Match), and
 * fetches the dashboard's first page and the files it loads. Prints, per request, the
 * status and the bytes received (headers + body, as sent) both times.
 *
 *   tsx bench/src/wire.ts http://127.0.0.1:3000 [YYYY-MM-DD, the bench's today]
 */
import http from 'node:http';
import { clockFromEnv, DEFAULT_TIME_ZONE } from '@caseload/clock';
import { benchDates, PROCEDURES } from './procedures.ts';
import { PASSWORD } from './setup.ts';

const base = process.argv[2];
if (!base) {
  process.stderr.write('usage: wire.ts http://host:port [today]\n');
  process.exit(2);
}
const email = process.env.WIRE_EMAIL ?? 'director-2@bench.example';

interface Got {
  status: number;
  bytes: number;
  headers: http.IncomingHttpHeaders;
}

function get(path: string, headers: Record<string, string>): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      let body = 0;
      res.on('data', (c: Buffer) => (body += c.length));
      res.on('end', () => {
        const head = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 17;
        resolve({ status: res.statusCode ?? 0, bytes: head + body, headers: res.headers });
      });
    });
    req.on('error', reject);
  });
}

const login = await fetch(`${base}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email, password: PASSWORD }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
// the bench's today (as `pnpm bench` pinned it), else the clock's
const dates = benchDates(process.argv[3] ?? clockFromEnv(process.env).today(DEFAULT_TIME_ZONE));
const user = {
  email,
  role: 'director' as const,
  teamIds: [],
  programIds: [],
  cookie,
  mostLoadedTeam: null,
  someStaffId: null,
  firstProgramId: null,
};
const accept = { 'accept-encoding': 'br, gzip' };

const rows: string[] = ['request                  | status | bytes (first) | status again | bytes again (If-None-Match)'];
let first = 0;
let again = 0;
const line = (label: string, a: Got, b: Got) => {
  first += a.bytes;
  again += b.bytes;
  rows.push(
    `${label.padEnd(24)} | ${String(a.status).padStart(6)} | ${String(a.bytes).padStart(13)} | ${String(b.status).padStart(12)} | ${String(b.bytes).padStart(8)}`,
  );
};
for (const p of PROCEDURES) {
  const input = p.input(user, dates);
  if (input === null) continue;
  const path = input === undefined ? `/trpc/${p.procedure}` : `/trpc/${p.procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const a = await get(path, { cookie, ...accept });
  const etag = a.headers.etag;
  const b = await get(path, { cookie, ...accept, ...(etag ? { 'if-none-match': String(etag) } : {}) });
  line(p.label, a, b);
}
// the dashboard's first page: index.html and the files it names
const index = await get('/', accept);
const indexAgain = await get('/', { ...accept, ...(index.headers.etag ? { 'if-none-match': String(index.headers.etag) } : {}) });
line('GET / (index.html)', index, indexAgain);
const html = await (await fetch(`${base}/`)).text();
for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
  const path = m[1] as string;
  const a = await get(path, accept);
  const b = await get(path, { ...accept, ...(a.headers.etag ? { 'if-none-match': String(a.headers.etag) } : {}) });
  line(path.slice(0, 24), a, b);
}
rows.push(`${'total'.padEnd(24)} |        | ${String(first).padStart(13)} |              | ${String(again).padStart(8)}`);
process.stdout.write(`${rows.join('\n')}\n`);
