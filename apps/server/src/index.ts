export { createApp, CSP_DIRECTIVES, DEFAULT_DASHBOARD_DIR, type AppOptions } from './app.ts';
export { createMetricsServer, ServerMetrics } from './metrics.ts';
export {
  bootstrapDemo,
  DemoAccountsRefused,
  DEMO_USERS,
  DEMO_PASSWORD,
  DEMO_AGENCY_ID,
  type DemoOptions,
  type DemoLogins,
} from './demo.ts';
export { readEnv, EnvError, type ServerEnv } from './env.ts';
