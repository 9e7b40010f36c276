import type { Migration } from 'kysely';
import * as m20261123T0000 from './20261123T0000_initial.ts';
import * as m20261123T1200 from './20261123T1200_data_versions.ts';
import * as m20261123T1300 from './20261123T1300_fewer_agency_checks.ts';
import * as m20261123T1400 from './20261123T1400_month_end_figures.ts';
import * as m20261207T0000 from './20261207T0000_capacity_over_time.ts';
import * as m20261208T0100 from './20261208T0100_standards_and_notifications.ts';
import * as m20261208T0200apiTokens from './20261208T0200_api_tokens.ts';
import * as m20261208T0200dataQuality from './20261208T0200_data_quality.ts';
import * as m20261208T0200mappingProfiles from './20261208T0200_mapping_profiles.ts';
import * as m20261208T0300 from './20261208T0300_month_end_transitions.ts';
import * as m20261209T0100 from './20261209T0100_bigint_audit_ids_and_user_directory.ts';
import * as m20261209T0200 from './20261209T0200_agency_directory.ts';
import * as m20261209T0300 from './20261209T0300_latest_contacts.ts';
import * as m20261210T0200 from './20261210T0200_client_load_spans.ts';
import * as m20261211T0100 from './20261211T0100_inline_assessment_tier.ts';
import * as m20261211T0200 from './20261211T0200_contacts_client_mode.ts';
import * as m20261212T0200 from './20261212T0200_load_spans_window_index.ts';
import * as m20261212T0300 from './20261212T0300_assessment_pairs.ts';

/** Static index of frozen migrations, in order. Add new files; never edit old ones. */
export const migrations: Record<string, Migration> = {
  '20261123T0000_initial': m20261123T0000,
  '20261123T1200_data_versions': m20261123T1200,
  '20261123T1300_fewer_agency_checks': m20261123T1300,
  '20261123T1400_month_end_figures': m20261123T1400,
  '20261207T0000_capacity_over_time': m20261207T0000,
  '20261208T0100_standards_and_notifications': m20261208T0100,
  '20261208T0200_api_tokens': m20261208T0200apiTokens,
  '20261208T0200_data_quality': m20261208T0200dataQuality,
  '20261208T0200_mapping_profiles': m20261208T0200mappingProfiles,
  '20261208T0300_month_end_transitions': m20261208T0300,
  '20261209T0100_bigint_audit_ids_and_user_directory': m20261209T0100,
  '20261209T0200_agency_directory': m20261209T0200,
  '20261209T0300_latest_contacts': m20261209T0300,
  '20261210T0200_client_load_spans': m20261210T0200,
  '20261211T0100_inline_assessment_tier': m20261211T0100,
  '20261211T0200_contacts_client_mode': m20261211T0200,
  '20261212T0200_load_spans_window_index': m20261212T0200,
  '20261212T0300_assessment_pairs': m20261212T0300,
};
