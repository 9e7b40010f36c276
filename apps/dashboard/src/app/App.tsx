/**
 * The signed-in check, the shell (agency, user, role, sign out, navigation for the
 * role) and the page for the current address. Pages load on demand.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { PageErrorBoundary } from '../components/ErrorBoundary.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { logout } from '../features/auth/session.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { sharedParams } from '../lib/url.ts';
import { isUnauthorized, queryClient, type RouterOutputs, trpc } from '../trpc.ts';
import { canOpen, homePath, isRole, type PageKey, pageAt, pagesFor, type Role, roleLabels } from './pages.ts';

type MeOutput = RouterOutputs['auth']['me'];
/** The signed-in user, with a role this dashboard knows. */
export type Me = Omit<MeOutput, 'role'> & { role: Role };

const loadOverview = () => import('../features/overview/OverviewPage.tsx');
const loadCaseloads = () => import('../features/caseloads/CaseloadsPage.tsx');
const OverviewPage = lazy(() => loadOverview().then((m) => ({ default: m.OverviewPage })));
const CaseloadsPage = lazy(() => loadCaseloads().then((m) => ({ default: m.CaseloadsPage })));
const preload: Record<PageKey, () => Promise<unknown>> = {
  overview: loadOverview,
  caseloads: loadCaseloads,
};

export function App() {
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: 5 * 60_000 });
  if (me.isPending) {
    return (
      <main className="page page-center" id="main">
        <Loading label="Opening caseload analytics…" rows={2} />
      </main>
    );
  }
  if (me.isError) {
    if (isUnauthorized(me.error)) {
      return (
        <LoginPage
          onSignedIn={async () => {
            await queryClient.resetQueries();
          }}
        />
      );
    }
    return (
      <main className="page page-center" id="main">
        <ErrorState title="Caseload analytics could not start" error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  const { role } = me.data;
  if (!isRole(role)) {
    return (
      <main className="page page-center" id="main">
        <EmptyState title="Your account has no role this dashboard recognizes">
          <p>Ask an administrator to set your role.</p>
          <SignOutButton />
        </EmptyState>
      </main>
    );
  }
  return <Shell me={{ ...me.data, role }} />;
}

async function signOutAndReload(): Promise<void> {
  await logout();
  queryClient.clear();
  // A full reload leaves nothing of the signed-in session in memory.
  window.location.replace('/');
}

function SignOutButton({ className = 'button' }: { className?: string }) {
  const [signingOut, setSigningOut] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          setProblem(null);
          signOutAndReload().catch((error: unknown) => {
            setProblem(error instanceof Error ? error.message : 'Signing out did not complete. Try again.');
            setSigningOut(false);
          });
        }}
      >
        {signingOut ? 'Signing out…' : 'Sign out'}
      </button>
      {problem ? (
        <span className="header-error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}

function Shell({ me }: { me: Me }) {
  const { pathname, search } = useLocation();
  const page = pageAt(pathname);
  const pages = pagesFor(me.role);
  const shared = sharedParams(search).toString();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // A case manager opening the root lands on their own caseload.
  const redirect = page === 'overview' && !canOpen(me.role, 'overview') && pathname === '/';
  useEffect(() => {
    if (redirect) navigate(homePath(me.role) + (shared ? `?${shared}` : ''), { replace: true });
  }, [redirect, me.role, shared]);

  // After moving between pages, bring keyboard and screen-reader focus to the new content.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <div className="brand">
            <span className="brand-agency">{me.agency.name}</span>
            <span className="brand-product">Caseload analytics</span>
          </div>
          <nav aria-label="Main" className="app-nav">
            <ul>
              {pages.map((p) => (
                <li key={p.key}>
                  <Link
                    to={p.path + (shared ? `?${shared}` : '')}
                    aria-current={page === p.key ? 'page' : undefined}
                    onMouseEnter={() => void preload[p.key]()}
                    onFocus={() => void preload[p.key]()}
                  >
                    {p.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="user">
            <span className="user-email">{me.email}</span>
            <span className="user-role">{roleLabels[me.role]}</span>
            <SignOutButton className="button button-header" />
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1} ref={mainRef}>
        <PageErrorBoundary key={pathname}>
          <Suspense fallback={<Loading label="Loading the page…" />}>
            <PageFor page={page} me={me} redirecting={redirect} />
          </Suspense>
        </PageErrorBoundary>
      </main>
    </>
  );
}

function PageFor({ page, me, redirecting }: { page: PageKey | null; me: Me; redirecting: boolean }) {
  if (redirecting) return <Loading label="Opening your caseload…" rows={1} />;
  if (page === null) {
    return (
      <EmptyState title="There is no page at this address">
        <p>
          <Link to={homePath(me.role)}>Go to the start page</Link>
        </p>
      </EmptyState>
    );
  }
  if (!canOpen(me.role, page)) {
    return (
      <EmptyState title="This page is not part of your role">
        <p>
          {page === 'caseloads'
            ? 'Caseloads by person are shown to supervisors, managers and directors. Board members see team and agency figures on the agency overview.'
            : 'The agency overview is for supervisors, managers, directors and the board. Your own caseload is on “My caseload”.'}
        </p>
        <p>
          <Link to={homePath(me.role)}>Go to {pagesFor(me.role)[0]?.label ?? 'the start page'}</Link>
        </p>
      </EmptyState>
    );
  }
  return page === 'overview' ? <OverviewPage me={me} /> : <CaseloadsPage me={me} />;
}
