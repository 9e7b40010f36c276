/**
 * The signed-in check, the shell (agency, user, role, sign out, navigation for the
 * role) and the page for the current address. Pages load on demand.
 */
import { FreshnessBanner } from '../components/FreshnessBanner.tsx';
import { useQuery } from '@tanstack/react-query';
import { type ComponentType, lazy, type LazyExoticComponent, Suspense, useEffect, useRef, useState } from 'react';
import { PageErrorBoundary } from '../components/ErrorBoundary.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { logout } from '../features/auth/session.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { sharedParams } from '../lib/url.ts';
import { isUnauthorized, queryClient, trpc } from '../trpc.ts';
import { isRole, type Me, type PageProps, roleLabels } from '../lib/session.ts';
import { canOpen, canOpenPath, deniedText, homePath, navFor, type PageKey, pageAt, pageKeys, pageLoader, pagesFor } from './pages.ts';
import { beforeRecords, beforeRecordsText } from '../lib/records.ts';
import { prefetchPageData } from './prefetch.ts';

/** Each page's code, loaded when the page is first drawn (and preloaded from the navigation). */
const lazyPages = new Map<PageKey, LazyExoticComponent<ComponentType<PageProps>>>(
  pageKeys.map((key) => [key, lazy(() => pageLoader(key)().then((page) => ({ default: page })))]),
);

/** The header's link to the notifications page, with the number unread. */
function NotificationsLink({ current }: { current: boolean }) {
  const count = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 5 * 60_000 });
  const n = count.data ?? 0;
  return (
    <Link
      to="/notifications"
      className="header-notifications"
      aria-current={current ? 'page' : undefined}
      data-testid="header-notifications"
    >
      Notifications
      {n > 0 ? (
        <span className="badge" aria-label={`${n} unread`}>
          {n}
        </span>
      ) : null}
    </Link>
  );
}

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
  // the page's first data request starts now, not once its code has loaded
  useEffect(() => prefetchPageData(page, search, me), [page, search, me]);
  const groups = navFor(me.role);
  const shared = sharedParams(search).toString();
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);
  // On narrow screens the navigation folds into a disclosure; on wide ones it is always shown.
  const [menuOpen, setMenuOpen] = useState(false);
  const current = groups.flatMap((g) => g.pages).find((p) => p.key === page);

  // A case manager opening the root lands on their own caseload.
  const redirect = page === 'overview' && !canOpen(me.role, 'overview') && pathname === '/';
  useEffect(() => {
    if (redirect) navigate(homePath(me.role) + (shared ? `?${shared}` : ''), { replace: true });
  }, [redirect, me.role, shared]);

  // After moving between pages, bring keyboard and screen-reader focus to the new content.
  useEffect(() => {
    setMenuOpen(false);
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
      <div className="app-shell">
        <header className="app-header">
          <div className="brand">
            <span className="brand-agency">{me.agency.name}</span>
            <span className="brand-product">Caseload analytics</span>
          </div>
          <nav
            aria-label="Main"
            className={menuOpen ? 'app-nav app-nav-open' : 'app-nav'}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && menuOpen) {
                setMenuOpen(false);
                menuButtonRef.current?.focus();
              }
            }}
            // the open menu lies over the page: close it once focus leaves it, so focus is never hidden under it
            onBlur={(event) => {
              if (menuOpen && !event.currentTarget.contains(event.relatedTarget)) setMenuOpen(false);
            }}
          >
            <button
              type="button"
              className="nav-toggle"
              aria-expanded={menuOpen}
              aria-controls="nav-groups"
              ref={menuButtonRef}
              onClick={() => setMenuOpen((open) => !open)}
            >
              <span className="nav-toggle-icon" aria-hidden="true" />
              <span>Menu</span>
              {current ? <span className="nav-toggle-current">{current.label}</span> : null}
            </button>
            <div className="nav-groups" id="nav-groups">
              {groups.map((g) => (
                <div className="nav-group" key={g.group}>
                  <h2 className="nav-group-heading" id={`nav-group-${g.group}`}>
                    {g.label}
                  </h2>
                  <ul aria-labelledby={`nav-group-${g.group}`}>
                    {g.pages.map((p) => (
                      <li key={p.key}>
                        <Link
                          to={p.path + (shared ? `?${shared}` : '')}
                          aria-current={page === p.key ? 'page' : undefined}
                          onMouseEnter={() => void pageLoader(p.key)()}
                          onFocus={() => void pageLoader(p.key)()}
                        >
                          {p.label}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </nav>
          <div className="user">
            <span className="user-email">{me.email}</span>
            <span className="user-role">{roleLabels[me.role]}</span>
            <NotificationsLink current={page === 'notifications'} />
            <SignOutButton className="button button-header" />
          </div>
        </header>
        <main id="main" className="page" tabIndex={-1} ref={mainRef}>
          <PageErrorBoundary key={pathname}>
            <FreshnessBanner />
            <RecordsNotice page={page} search={search} first={me.dataFrom} />
            <Suspense fallback={<Loading label="Loading the page…" />}>
              <PageFor page={page} me={me} redirecting={redirect} />
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
    </>
  );
}

/** Above every page whose date falls before the agency's records begin: why it has nothing to show. */
function RecordsNotice({ page, search, first }: { page: PageKey | null; search: URLSearchParams; first: string | null }) {
  const before = beforeRecords(page, search, first);
  if (!before) return null;
  return (
    <p className="notice records-notice" role="note" data-testid="before-records">
      {beforeRecordsText(before)}
    </p>
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
        <p>{deniedText(page)}</p>
        <p>
          <Link to={homePath(me.role)}>Go to {pagesFor(me.role)[0]?.label ?? 'the start page'}</Link>
        </p>
      </EmptyState>
    );
  }
  const Page = lazyPages.get(page)!;
  return <Page me={me} mayOpen={(path) => canOpenPath(me.role, path)} />;
}
