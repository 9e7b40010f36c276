import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type LoginResult, login, waitText } from './session.ts';

const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

export function LoginPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Exclude<LoginResult, { ok: true }> | null>(null);
  const [missing, setMissing] = useState<{ email: boolean; password: boolean }>({ email: false, password: false });
  // wall-clock: the sign-in wait countdown (timing)
  const [now, setNow] = useState(() => Date.now());
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in — Caseload analytics';
  }, []);

  const retryAt = problem?.kind === 'throttled' ? problem.retryAt : null;
  const throttled = retryAt !== null && now < retryAt;
  useEffect(() => {
    if (retryAt === null) return;
    // wall-clock: the sign-in wait countdown (timing)
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nextMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nextMissing);
    if (nextMissing.email || nextMissing.password) {
      (nextMissing.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setPending(true);
    setProblem(null);
    const result = await login(email.trim(), password);
    if (result.ok) {
      await onSignedIn();
      return;
    }
    setPending(false);
    // wall-clock: the sign-in wait countdown (timing)
    setNow(Date.now());
    setProblem(result);
    if (result.kind === 'invalid') {
      setPassword('');
      passwordRef.current?.focus();
    }
  };

  const errorId = `${id}-error`;
  return (
    <main className="login" id="main">
      <div className="login-card">
        <p className="login-product">Caseload analytics</p>
        <h1>Sign in</h1>
        <div role="alert" aria-atomic="true" id={errorId}>
          {problem ? (
            <div className="form-error">
              <p>{problem.message}</p>
              {problem.kind === 'throttled' ? (
                <p>
                  {throttled ? (
                    <>
                      You can try again at {timeFormat.format(problem.retryAt)}
                      <span aria-hidden="true"> (in {waitText(problem.retryAt - now)})</span>.
                    </>
                  ) : (
                    'You can try again now.'
                  )}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={problem ? errorId : undefined}>
          <div className="field">
            <label htmlFor={`${id}-email`}>Email address</label>
            <input
              ref={emailRef}
              id={`${id}-email`}
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={missing.email || undefined}
              aria-describedby={missing.email ? `${id}-email-missing` : undefined}
              required
            />
            {missing.email ? (
              <p className="field-error" id={`${id}-email-missing`}>
                Enter your email address.
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              ref={passwordRef}
              id={`${id}-password`}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={missing.password || undefined}
              aria-describedby={missing.password ? `${id}-password-missing` : undefined}
              required
            />
            {missing.password ? (
              <p className="field-error" id={`${id}-password-missing`}>
                Enter your password.
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary button-wide" disabled={pending || throttled}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="login-note">This system holds client case information. Sign in only with your own account; activity is logged.</p>
      </div>
    </main>
  );
}
