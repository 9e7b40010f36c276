import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/**
 * `test` for these specs: fails a test whose page threw, or whose browser refused
 * something under the server's Content-Security-Policy (an inline script, eval …).
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
          problems.push(`CSP: ${message.text()}`);
        }
      });
      await use(problems);
      expect(problems, problems.join('\n')).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

const DEMO_PASSWORD = 'demo-password';

export const users = {
  admin: 'admin@demo.local',
  director: 'director@demo.local',
  programManager: 'pm@demo.local',
  supervisor: 'supervisor@demo.local',
  caseManager: 'casemanager@demo.local',
  board: 'board@demo.local',
} as const;

/** Signs in through the form, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, email: string, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * Records what the server answered to every tRPC call the page makes (batched calls
 * included), so a test can compare the screen with the data behind it.
 */
export function recordTrpc(page: Page) {
  const results = new Map<string, unknown[]>();
  const pending = new Set<Promise<void>>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/trpc/') || response.request().method() !== 'GET') return;
    const procedures = decodeURIComponent(url.pathname.slice('/trpc/'.length)).split(',');
    const task = response
      .json()
      .then((body: unknown) => {
        const entries = Array.isArray(body) ? body : [body];
        procedures.forEach((procedure, i) => {
          const entry = entries[i] as { result?: { data: unknown } } | undefined;
          if (!entry?.result) return;
          const list = results.get(procedure) ?? [];
          list.push(entry.result.data);
          results.set(procedure, list);
        });
      })
      .catch(() => {})
      .finally(() => pending.delete(task));
    pending.add(task);
  });
  const count = (procedure: string) => results.get(procedure)?.length ?? 0;
  return {
    /** the latest answer to `procedure`, waiting for the first */
    async latest<T>(procedure: string): Promise<T> {
      await expect.poll(() => count(procedure), { message: `waiting for ${procedure}` }).toBeGreaterThan(0);
      return results.get(procedure)?.at(-1) as T;
    },
    /** the latest answer to `procedure` that `match` accepts, waiting for one */
    async latestMatching<T>(procedure: string, match: (answer: T) => boolean): Promise<T> {
      const found = () => (results.get(procedure) ?? []).filter((a) => match(a as T)).at(-1) as T | undefined;
      await expect.poll(() => found() !== undefined, { message: `waiting for a matching ${procedure}` }).toBe(true);
      return found() as T;
    },
    /**
     * runs `trigger` and returns the first answer to `procedure` after it that `match`
     * accepts (a page may ask the same procedure for two inputs, e.g. a period and the one before)
     */
    async nextMatching<T>(procedure: string, match: (answer: T) => boolean, trigger: () => Promise<unknown>): Promise<T> {
      const before = count(procedure);
      await trigger();
      const found = () => (results.get(procedure) ?? []).slice(before).find((a) => match(a as T)) as T | undefined;
      await expect.poll(() => found() !== undefined, { message: `waiting for a matching ${procedure}` }).toBe(true);
      return found() as T;
    },
    /** runs `trigger` and returns the next answer to `procedure` after it */
    async next<T>(procedure: string, trigger: () => Promise<unknown>): Promise<T> {
      const before = count(procedure);
      await trigger();
      await expect.poll(() => count(procedure), { message: `waiting for ${procedure}` }).toBeGreaterThan(before);
      return results.get(procedure)?.at(-1) as T;
    },
  };
}
