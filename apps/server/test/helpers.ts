import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppOptions, createApp } from '../src/app.ts';

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Starts the app on an ephemeral port of 127.0.0.1. */
export async function startApp(opts: AppOptions): Promise<Running> {
  const app = await createApp(opts);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

let dashboardDir: string | undefined;

/** A stand-in for apps/dashboard/dist: index.html and one hashed asset (one per test file; removeFakeDashboard() in afterAll). */
export function fakeDashboard(): string {
  if (dashboardDir) return dashboardDir;
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("dashboard")');
  dashboardDir = dir;
  return dir;
}

/** Call in afterAll of a file that used fakeDashboard(). */
export function removeFakeDashboard(): void {
  if (dashboardDir) rmSync(dashboardDir, { recursive: true, force: true });
  dashboardDir = undefined;
}

/** The session cookie pair ("cm_session=…") from a response. */
export function sessionPair(res: Response): string {
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  if (!pair.startsWith('cm_session=')) throw new Error(`no session cookie in "${setCookie}"`);
  return pair;
}

export function loginRequest(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

export function trpcQuery(url: string, path: string, cookie: string | null, input?: unknown) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${url}/trpc/${path}${qs}`, { headers: cookie ? { cookie } : {} });
}

export function trpcMutation(url: string, path: string, cookie: string | null, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(input),
  });
}
