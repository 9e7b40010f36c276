import type { Migration } from 'kysely';
import * as m20261123T0000 from './20261123T0000_initial.ts';

/** Static index of frozen migrations, in order. Add new files; never edit old ones. */
export const migrations: Record<string, Migration> = {
  '20261123T0000_initial': m20261123T0000,
};
