export * from './schema.ts';
export { connect, type ConnectOptions, type DbHandle, type Driver } from './connect.ts';
export { migrateToLatest } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export * from './queries/agencies.ts';
