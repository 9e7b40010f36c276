/**
 * What a settings change would move, before it is saved: the Standard 9 figures of one
 * day computed twice from the same rows, with the agency's current settings and with a
 * proposed document. Read-only: nothing is written, and nothing is kept in the result
 * cache (the proposed settings have no version, so a kept answer would pass for the
 * saved one's); the rows are read once and both computations are made here.
 *
 * Agency-wide: the router lets only the roles that may save settings call it.
 */
import { type Database, loadStandard9Rows } from '@caseload/db';
import { type Band, computeCaseloadReport, computeComplianceReport, isDateString, loadBand, type Settings } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { readAgencySettings } from './agencySettings.ts';

/** One group's figures under one settings document. */
interface PreviewFigures {
  loadRatio: number | null;
  band: Band | null;
  /** members of the group over capacity (load above balancedTo) */
  overCount: number;
  contactRate: number | null;
  reassessRate: number | null;
  reassessOverdue: number;
}

interface PreviewStaff {
  staffId: string;
  teamId: string | null;
  before: { loadRatio: number | null; band: Band | null };
  after: { loadRatio: number | null; band: Band | null };
}

export interface SettingsPreview {
  asOf: string;
  /** the saved version the "before" figures use */
  fromVersion: number;
  agency: { members: number; clients: number; before: PreviewFigures; after: PreviewFigures };
  teams: Array<{ teamId: string; members: number; before: PreviewFigures; after: PreviewFigures }>;
  /** the members whose band differs between the two documents (everyone else keeps theirs) */
  staffBandChanges: PreviewStaff[];
}

const isOver = (band: Band | null) => band === 'over' || band === 'critical';

/**
 * The figures of `asOf` under the agency's current settings and under `proposed`. The
 * proposed document's caseload standards are ignored (they do not enter these figures
 * and have their own editor); every other value is taken as given, already validated.
 */
export async function previewSettings(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; proposed: Omit<Settings, 'caseloadStandards'> },
): Promise<SettingsPreview> {
  if (!isDateString(input.asOf)) throw new ServiceError('BAD_REQUEST', `asOf must be a date written YYYY-MM-DD (got "${input.asOf}").`);
  const asOf = input.asOf;
  const current = await readAgencySettings(db, agencyId);
  const proposed: Settings = { ...input.proposed, caseloadStandards: current.settings.caseloadStandards };
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, contacts: 'latest' });
  const { allTeamIds, ...engine } = rows;
  const figuresWith = (settings: Settings) => {
    const common = { ...engine, allTeamIds, asOf, settings, settingsVersion: current.version };
    return { load: computeCaseloadReport(common), compliance: computeComplianceReport(common), bands: settings.loadBands };
  };
  const before = figuresWith(current.settings);
  const after = figuresWith(proposed);

  type Side = ReturnType<typeof figuresWith>;
  const agencyOf = (s: Side): PreviewFigures => ({
    loadRatio: s.load.agency.loadRatio,
    band: loadBand(s.load.agency.loadRatio, s.bands),
    overCount: s.load.agency.overCount,
    contactRate: s.compliance.agency.contactRate,
    reassessRate: s.compliance.agency.reassessRate,
    reassessOverdue: s.compliance.agency.reassessOverdue,
  });
  const teamOf = (s: Side, teamId: string): PreviewFigures => {
    const load = s.load.teams.find((t) => t.teamId === teamId);
    const compliance = s.compliance.teams.find((t) => t.teamId === teamId);
    return {
      loadRatio: load?.loadRatio ?? null,
      band: loadBand(load?.loadRatio ?? null, s.bands),
      overCount: load?.overCount ?? 0,
      contactRate: compliance?.contactRate ?? null,
      reassessRate: compliance?.reassessRate ?? null,
      reassessOverdue: compliance?.reassessOverdue ?? 0,
    };
  };

  const staffBandChanges: PreviewStaff[] = [];
  for (const b of before.load.staff) {
    const a = after.load.staff.find((s) => s.staffId === b.staffId);
    const afterBand = a?.band ?? null;
    if (afterBand === b.band) continue;
    staffBandChanges.push({
      staffId: b.staffId,
      teamId: b.teamId,
      before: { loadRatio: b.loadRatio, band: b.band },
      after: { loadRatio: a?.loadRatio ?? null, band: afterBand },
    });
  }
  // newly over capacity first, then no longer over, then other moves; by staff id within each
  const order = (s: PreviewStaff) =>
    isOver(s.after.band) && !isOver(s.before.band) ? 0 : isOver(s.before.band) && !isOver(s.after.band) ? 1 : 2;
  staffBandChanges.sort((x, y) => order(x) - order(y) || x.staffId.localeCompare(y.staffId));

  return {
    asOf,
    fromVersion: current.version,
    agency: {
      members: before.load.agency.members,
      clients: before.load.agency.clients,
      before: agencyOf(before),
      after: agencyOf(after),
    },
    teams: before.load.teams.map((t) => ({
      teamId: t.teamId,
      members: t.members,
      before: teamOf(before, t.teamId),
      after: teamOf(after, t.teamId),
    })),
    staffBandChanges,
  };
}
