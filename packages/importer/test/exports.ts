import ExcelJS from 'exceljs';
import type { MappingProfile } from '../src/index.ts';

/**
 * Two invented system-of-record exports, as agencies would hand them over:
 *
 * - "ClientTrack" (an Area Agency on Aging's client tracking system): CSV files named
 *   by export date, "Client #", US dates (03/15/2025), words like "Home Visit", and it
 *   refers to the programs and staff already in the database.
 * - "CaseWorks" (a Developmental Services office's case management system): one Excel
 *   workbook with a sheet per entity, "UCI" numbers, real date cells and M/D/YY text,
 *   "F2F - Home", Y/N, comma-separated languages, and ids kept apart with a prefix.
 */

export const CLIENTTRACK_CLIENTS = 'ClientTrack_Clients_20250316.csv';
export const CLIENTTRACK_ACTIVITIES = 'ClientTrack_Activities_20250316.csv';

export const clientTrackClients = (rows: string[] = []) =>
  [
    'Client #,Program,YOB,County,Language,Enrollment Date,Close Date,Close Reason,Last Updated By',
    'AAA-1001,OAA,1941,Kent,English,03/15/2025,,,jdoe',
    'AAA-1002,Waiver,1936,Kent,Spanish,1/7/2025,03/01/2025,Moved Out of Area,jdoe',
    'AAA-1003,OAA,1950,Ottawa,English,02/28/2025,,,msmith',
    ...rows,
  ].join('\r\n') + '\r\n';

export const clientTrackActivities = (rows: string[] = []) =>
  [
    'Activity ID,Client #,Worker ID,Activity Date,Activity Type,Duration (min)',
    'ACT-1,AAA-1001,S-CM1,03/15/2025,Home Visit,45',
    'ACT-2,AAA-1001,S-CM1,03/16/2025,Phone Call,',
    'ACT-3,AAA-1003,S-CM2,03/03/2025,office visit,30',
    ...rows,
  ].join('\r\n') + '\r\n';

export const clientTrackProfile: MappingProfile = {
  name: 'ClientTrack nightly export',
  dateFormat: 'MM/DD/YYYY',
  files: {
    'clients.csv': {
      source: 'ClientTrack_Clients_*.csv',
      columns: {
        client_id: 'Client #',
        program_id: { column: 'Program', values: { OAA: 'P-OAA', Waiver: 'P-WAIVER' } },
        birth_year: 'YOB',
        county: 'County',
        primary_language: { column: 'Language', values: { English: 'en', Spanish: 'es' } },
        enrolled_on: 'Enrollment Date',
        closed_on: 'Close Date',
        closure_reason: { column: 'Close Reason', values: { 'Moved Out of Area': 'moved', Deceased: 'deceased' } },
      },
    },
    'contacts.csv': {
      source: 'ClientTrack_Activities_*.csv',
      columns: {
        contact_id: 'Activity ID',
        client_id: 'Client #',
        staff_id: 'Worker ID',
        occurred_on: 'Activity Date',
        mode: {
          column: 'Activity Type',
          values: { 'Home Visit': 'home_visit', 'Office Visit': 'office_visit', 'Phone Call': 'phone', Collateral: 'collateral' },
        },
        minutes: 'Duration (min)',
      },
    },
  },
};

export const CASEWORKS = 'CaseWorks Export.xlsx';

export interface CaseWorksOptions {
  /** rows appended to the Contacts sheet */
  contacts?: unknown[][];
  /** the contacts sheet's name */
  contactsSheet?: string;
}

/** The CaseWorks workbook, written by ExcelJS as Excel would write it. */
export async function caseWorksWorkbook(options: CaseWorksOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const programs = wb.addWorksheet('Programs');
  programs.addRow(['Program Code', 'Program Name', 'Funding Source']);
  programs.addRow(['HCBS', 'Home and Community-Based Services', 'Medicaid']);

  const staff = wb.addWorksheet('Service Coordinators');
  staff.addRow(['Employee #', 'Name', 'Position', 'FTE', 'Languages', 'Active?']);
  staff.addRow([501, 'Robin Coordinator', 'Service Coordinator', 1, 'en, es', 'Y']);
  staff.addRow([502, 'Lee Coordinator', 'Service Coordinator', 0.5, 'en', 'Y']);
  staff.addRow([509, 'Pat Unit Supervisor', 'Unit Supervisor', 0.2, '', 'N']);

  const consumers = wb.addWorksheet('Consumers');
  consumers.addRow(['UCI', 'Program Code', 'Opened', 'Closed']);
  consumers.addRow(['7700123', 'HCBS', '3/15/25', null]);
  consumers.addRow(['7700456', 'HCBS', '11/2/24', '2/1/25']);

  const contacts = wb.addWorksheet(options.contactsSheet ?? 'Contacts');
  contacts.addRow(['Note #', 'UCI', 'Coordinator', 'Date of Service', 'Method', 'Minutes']);
  contacts.addRow(['N-1', '7700123', 501, new Date(Date.UTC(2025, 2, 17)), 'F2F - Home', 60]);
  contacts.addRow(['N-2', '7700123', 502, new Date(Date.UTC(2025, 2, 20)), 'Telephone', 10]);
  contacts.addRow(['N-3', '7700456', 501, new Date(Date.UTC(2025, 0, 8)), 'Video Call', null]);
  for (const row of options.contacts ?? []) contacts.addRow(row);
  for (const sheet of [contacts]) sheet.getColumn(4).numFmt = 'mm/dd/yyyy';

  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const caseWorksProfile: MappingProfile = {
  name: 'CaseWorks monthly workbook',
  dateFormat: 'M/D/YY',
  listSeparator: ',',
  idPrefix: 'DS-',
  files: {
    'programs.csv': {
      source: 'CaseWorks*.xlsx',
      sheet: 'Programs',
      columns: { program_id: 'Program Code', name: 'Program Name', funder: 'Funding Source' },
    },
    'staff.csv': {
      source: 'CaseWorks*.xlsx',
      sheet: 'Service Coordinators',
      columns: {
        staff_id: 'Employee #',
        name: 'Name',
        role: { column: 'Position', values: { 'Service Coordinator': 'case_manager', 'Unit Supervisor': 'supervisor' } },
        caseload_fte: 'FTE',
        languages: 'Languages',
        active: { column: 'Active?', values: { Y: 'true', N: 'false' } },
      },
    },
    'clients.csv': {
      source: 'CaseWorks*.xlsx',
      sheet: 'Consumers',
      columns: { client_id: 'UCI', program_id: 'Program Code', enrolled_on: 'Opened', closed_on: 'Closed' },
    },
    'contacts.csv': {
      source: 'CaseWorks*.xlsx',
      sheet: 'Contacts',
      columns: {
        contact_id: 'Note #',
        client_id: 'UCI',
        staff_id: 'Coordinator',
        occurred_on: 'Date of Service',
        mode: {
          column: 'Method',
          values: { 'F2F - Home': 'home_visit', 'F2F - Office': 'office_visit', Telephone: 'phone', 'Video Call': 'video' },
        },
        minutes: 'Minutes',
      },
    },
  },
};
