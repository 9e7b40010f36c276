import type { Command } from '../run.ts';
import { agencyAdd } from './agency.ts';
import { dbMigrate } from './db.ts';
import { importCommand } from './import.ts';
import { report } from './report.ts';
import { seed } from './seed.ts';
import { tenantMove, tenantPlace } from './tenant.ts';
import { userAdd, userResetPassword } from './user.ts';

export function commands(): Command[] {
  return [dbMigrate, agencyAdd, importCommand, seed, userAdd, userResetPassword, report, tenantPlace, tenantMove];
}
