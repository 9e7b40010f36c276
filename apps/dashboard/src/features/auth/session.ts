/**
 * Sign-in and sign-out over the server's auth routes (not tRPC: the session
 * cookie is set and cleared by these responses). Same-origin JSON POSTs; the
 * browser sends the Origin header the server checks.
 */

export type LoginResult =
  | { ok: true }
  | { ok: false; kind: 'invalid'; message: string }
  | { ok: false; kind: 'throttled'; message: string; retryAt: number }
  | { ok: false; kind: 'failed'; message: string };

function errorText(body: unknown): string | null {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' && body.error) {
    return body.error;
  }
  return null;
}

/** Turns the server's answer into what the sign-in form shows. `now` is ms since the epoch. */
export function interpretLogin(status: number, body: unknown, now: number): LoginResult {
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401) {
    return { ok: false, kind: 'invalid', message: 'The email or password is not right. Check both and try again.' };
  }
  if (status === 429) {
    const seconds =
      body && typeof body === 'object' && 'retryAfterSeconds' in body && typeof body.retryAfterSeconds === 'number'
        ? Math.max(1, Math.ceil(body.retryAfterSeconds))
        : 60;
    return {
      ok: false,
      kind: 'throttled',
      message: 'Too many failed sign-in attempts.',
      retryAt: now + seconds * 1000,
    };
  }
  if (status === 400) {
    return { ok: false, kind: 'failed', message: errorText(body) ?? 'Enter your email address and password.' };
  }
  return {
    ok: false,
    kind: 'failed',
    message: 'The server could not sign you in just now. Try again in a moment; if it keeps happening, tell your administrator.',
  };
}

/** "Try again in 4 minutes 10 seconds" for a wait of that many milliseconds. */
export function waitText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds > 0 || minutes === 0) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export async function login(email: string, password: string): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    return { ok: false, kind: 'failed', message: 'Could not reach the server. Check your connection and try again.' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  // wall-clock: when a sign-in wait ends (timing)
  return interpretLogin(response.status, body, Date.now());
}

export async function logout(): Promise<void> {
  const response = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  if (!response.ok && response.status !== 401) {
    throw new Error('Signing out did not complete. Try again.');
  }
}
