import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { boardRouter } from './routers/board.ts';
import { capacityRouter } from './routers/capacity.ts';
import { caseloadRouter } from './routers/caseload.ts';
import { complianceRouter } from './routers/compliance.ts';
import { forecastRouter } from './routers/forecast.ts';
import { importsRouter } from './routers/imports.ts';
import { intakeRouter } from './routers/intake.ts';
import { metaRouter } from './routers/meta.ts';
import { rebalanceRouter } from './routers/rebalance.ts';
import { settingsRouter } from './routers/settings.ts';
import { standardsRouter } from './routers/standards.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { feedbackRouter } from './routers/feedback.ts';
import { outcomesRouter } from './routers/outcomes.ts';
import { providersRouter } from './routers/providers.ts';
import { qaRouter } from './routers/qa.ts';
import { usersRouter } from './routers/users.ts';
import { worklistRouter } from './routers/worklist.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  meta: metaRouter,
  caseload: caseloadRouter,
  capacity: capacityRouter,
  forecast: forecastRouter,
  compliance: complianceRouter,
  worklist: worklistRouter,
  rebalance: rebalanceRouter,
  intake: intakeRouter,
  feedback: feedbackRouter,
  outcomes: outcomesRouter,
  providers: providersRouter,
  qa: qaRouter,
  board: boardRouter,
  imports: importsRouter,
  audit: auditRouter,
  users: usersRouter,
  settings: settingsRouter,
  standards: standardsRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;

/** `createCaller(createContextInner({ db, caller }))` calls procedures in-process (tests, CLI). */
export const createCaller = createCallerFactory(appRouter);
