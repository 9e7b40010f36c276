import type { Command } from '../run.ts';
import { agencyAdd } from './agency.ts';
import { dbMigrate } from './db.ts';

export function commands(): Command[] {
  return [dbMigrate, agencyAdd];
}
