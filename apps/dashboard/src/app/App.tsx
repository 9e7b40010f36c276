/**
 * The signed-in check, the shell (agency, user, role, sign out, navigation for the
 * role) and the page for the current address. Pages load on demand.
 */
import { FreshnessBanner } from '../components/FreshnessBanner.tsx';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { PageErrorBoundary } from '../components/ErrorBoundary.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { logout } from '../features/auth/session.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { sharedParams } from '../lib/url.ts';
import { isUnauthorized, queryClient, type RouterOutputs, trpc } from '../trpc.ts';
import { canOpen, homePath, isRole, navFor, type PageKey, pageAt, pagesFor, type Role, roleLabels } from './pages.ts';
import { beforeRecords, beforeRecordsText } from '../lib/records.ts';
import { prefetchPageData } from './prefetch.ts';

type MeOutput = RouterOutputs['auth']['me'];
/** The signed-in user, with a role this dashboard knows. */
export type Me = Omit<MeOutput, 'role'> & { role: Role };

const loadOverview = () => import('../features/overview/OverviewPage.tsx');
const loadCaseloads = () => import('../features/caseloads/CaseloadsPage.tsx');
const OverviewPage = lazy(() => loadOverview().then((m) => ({ default: m.OverviewPage })));
const CaseloadsPage = lazy(() => loadCaseloads().then((m) => ({ default: m.CaseloadsPage })));
const loadDrilldown = () => import('../features/drilldown/DrilldownPage.tsx');
const loadWorklists = () => import('../features/worklists/WorklistsPage.tsx');
const loadCompliance = () => import('../features/compliance/CompliancePage.tsx');
const loadTrends = () => import('../features/trends/TrendsPage.tsx');
const loadRebalance = () => import('../features/rebalance/RebalancePage.tsx');
const loadIntake = () => import('../features/rebalance/IntakePage.tsx');
const DrilldownPage = lazy(() => loadDrilldown().then((m) => ({ default: m.DrilldownPage })));
const WorklistsPage = lazy(() => loadWorklists().then((m) => ({ default: m.WorklistsPage })));
const CompliancePage = lazy(() => loadCompliance().then((m) => ({ default: m.CompliancePage })));
const TrendsPage = lazy(() => loadTrends().then((m) => ({ default: m.TrendsPage })));
const RebalancePage = lazy(() => loadRebalance().then((m) => ({ default: m.RebalancePage })));
const IntakePage = lazy(() => loadIntake().then((m) => ({ default: m.IntakePage })));
const loadCapacityChanges = () => import('../features/capacity/CapacityChangesPage.tsx');
const loadCalibration = () => import('../features/capacity/CalibrationPage.tsx');
const CapacityChangesPage = lazy(() => loadCapacityChanges().then((m) => ({ default: m.CapacityChangesPage })));
const CalibrationPage = lazy(() => loadCalibration().then((m) => ({ default: m.CalibrationPage })));
const loadForecast = () => import('../features/forecast/ForecastPage.tsx');
const ForecastPage = lazy(() => loadForecast().then((m) => ({ default: m.ForecastPage })));
const loadImports = () => import('../features/admin/ImportsPage.tsx');
const loadAudit = () => import('../features/admin/AuditPage.tsx');
const loadUsers = () => import('../features/admin/UsersPage.tsx');
const loadImportMapping = () => import('../features/admin/MappingPage.tsx');
const MappingPage = lazy(() => loadImportMapping().then((m) => ({ default: m.MappingPage })));
const loadDataQuality = () => import('../features/admin/DataQualityPage.tsx');
const DataQualityPage = lazy(() => loadDataQuality().then((m) => ({ default: m.DataQualityPage })));
const ImportsPage = lazy(() => loadImports().then((m) => ({ default: m.ImportsPage })));
const AuditPage = lazy(() => loadAudit().then((m) => ({ default: m.AuditPage })));
const UsersPage = lazy(() => loadUsers().then((m) => ({ default: m.UsersPage })));
const loadFeedback = () => import('../features/feedback/FeedbackPage.tsx');
const loadOutcomes = () => import('../features/outcomes/OutcomesPage.tsx');
const loadProviders = () => import('../features/providers/ProvidersPage.tsx');
const loadQuality = () => import('../features/quality/QualityPage.tsx');
const loadSettings = () => import('../features/settings/SettingsPage.tsx');
const FeedbackPage = lazy(() => loadFeedback().then((m) => ({ default: m.FeedbackPage })));
const OutcomesPage = lazy(() => loadOutcomes().then((m) => ({ default: m.OutcomesPage })));
const ProvidersPage = lazy(() => loadProviders().then((m) => ({ default: m.ProvidersPage })));
const QualityPage = lazy(() => loadQuality().then((m) => ({ default: m.QualityPage })));
const SettingsPage = lazy(() => loadSettings().then((m) => ({ default: m.SettingsPage })));
const loadBoard = () => import('../features/board/BoardPage.tsx');
const BoardPage = lazy(() => loadBoard().then((m) => ({ default: m.BoardPage })));
const loadStandards = () => import('../features/standards/StandardsPage.tsx');
const StandardsPage = lazy(() => loadStandards().then((m) => ({ default: m.StandardsPage })));
const loadNotifications = () => import('../features/notifications/NotificationsPage.tsx');
const NotificationsPage = lazy(() => loadNotifications().then((m) => ({ default: m.NotificationsPage })));
const preload: Record<PageKey, () => Promise<unknown>> = {
  overview: loadOverview,
  caseloads: loadCaseloads,
  drilldown: loadDrilldown,
  worklists: loadWorklists,
  compliance: loadCompliance,
  trends: loadTrends,
  rebalance: loadRebalance,
  intake: loadIntake,
  capacityChanges: loadCapacityChanges,
  calibration: loadCalibration,
  forecast: loadForecast,
  imports: loadImports,
  importMapping: loadImportMapping,
  dataQuality: loadDataQuality,
  audit: loadAudit,
  users: loadUsers,
  feedback: loadFeedback,
  outcomes: loadOutcomes,
  providers: loadProviders,
  quality: loadQuality,
  settings: loadSettings,
  board: loadBoard,
  standards: loadStandards,
  notifications: loadNotifications,
};

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
                          onMouseEnter={() => void preload[p.key]()}
                          onFocus={() => void preload[p.key]()}
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
        <p>
          {page === 'caseloads'
            ? 'Caseloads by person are shown to supervisors, managers and directors. Board members see team and agency figures on the agency overview.'
            : page === 'overview'
              ? 'The agency overview is for supervisors, managers, directors and the board. Your own caseload is on “My caseload”.'
              : page === 'imports' || page === 'importMapping' || page === 'users' || page === 'audit' || page === 'dataQuality'
                ? page === 'audit' || page === 'dataQuality'
                  ? 'The audit log and the data-quality checks are for administrators and directors.'
                  : 'Imports and user accounts are managed by administrators.'
                : page === 'settings'
                  ? 'Agency settings are changed by directors and administrators.'
                  : page === 'board'
                    ? 'The board report is for directors, administrators and the board.'
                    : page === 'standards'
                      ? 'Caseload standards and plans of correction are for directors and administrators; the board report shows the board their counts.'
                      : page === 'feedback' || page === 'outcomes' || page === 'providers' || page === 'quality'
                        ? 'Feedback, outcomes, providers and quality reviews are for supervisors, managers, directors and the board.'
                        : page === 'capacityChanges' || page === 'calibration'
                          ? 'Capacity changes are for supervisors, directors and administrators; workload calibration for directors and administrators.'
                          : page === 'forecast'
                            ? 'The staffing forecast is for directors, administrators and program managers.'
                            : page === 'rebalance' || page === 'intake'
                              ? 'Rebalancing and intake routing are for supervisors, directors and administrators (intake routing also for program managers).'
                              : 'Client-level lists are for supervisors, managers, directors and case managers (their own clients); board members see team and agency figures.'}
        </p>
        <p>
          <Link to={homePath(me.role)}>Go to {pagesFor(me.role)[0]?.label ?? 'the start page'}</Link>
        </p>
      </EmptyState>
    );
  }
  switch (page) {
    case 'overview':
      return <OverviewPage me={me} />;
    case 'caseloads':
      return <CaseloadsPage me={me} />;
    case 'drilldown':
      return <DrilldownPage me={me} />;
    case 'worklists':
      return <WorklistsPage me={me} />;
    case 'compliance':
      return <CompliancePage me={me} />;
    case 'trends':
      return <TrendsPage me={me} />;
    case 'rebalance':
      return <RebalancePage me={me} />;
    case 'intake':
      return <IntakePage me={me} />;
    case 'capacityChanges':
      return <CapacityChangesPage me={me} />;
    case 'calibration':
      return <CalibrationPage me={me} />;
    case 'forecast':
      return <ForecastPage me={me} />;
    case 'imports':
      return <ImportsPage />;
    case 'importMapping':
      return <MappingPage />;
    case 'dataQuality':
      return <DataQualityPage />;
    case 'audit':
      return <AuditPage me={me} />;
    case 'users':
      return <UsersPage me={me} />;
    case 'feedback':
      return <FeedbackPage me={me} />;
    case 'outcomes':
      return <OutcomesPage me={me} />;
    case 'providers':
      return <ProvidersPage me={me} />;
    case 'quality':
      return <QualityPage me={me} />;
    case 'settings':
      return <SettingsPage me={me} />;
    case 'board':
      return <BoardPage me={me} />;
    case 'standards':
      return <StandardsPage me={me} />;
    case 'notifications':
      return <NotificationsPage />;
  }
}
