import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { caseloadRouter } from './routers/caseload.ts';
import { complianceRouter } from './routers/compliance.ts';
import { metaRouter } from './routers/meta.ts';
import { settingsRouter } from './routers/settings.ts';
import { usersRouter } from './routers/users.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  meta: metaRouter,
  caseload: caseloadRouter,
  compliance: complianceRouter,
  audit: auditRouter,
  users: usersRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;

/** `createCaller(createContextInner({ db, caller }))` calls procedures in-process (tests, CLI). */
export const createCaller = createCallerFactory(appRouter);
