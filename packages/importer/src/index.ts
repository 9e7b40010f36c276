export {
  IMPORT_FILES,
  importDirectory,
  importSources,
  type ImportedFile,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ImportSource,
} from './import.ts';
export * from './synthetic/index.ts';
export {
  acceptedValues,
  checkProfile,
  DATE_FORMATS,
  type DateFormat,
  type FileMapping,
  type MappingProfile,
  matchesSource,
  parseDate,
  planMapping,
  profileSchema,
  type SourceCell,
  type SuggestedColumn,
  suggestMapping,
} from './profile.ts';
export { sheetRows, WorkbookFatal, workbookSheets } from './xlsx.ts';
export { CsvFatal, CsvReader } from './csv.ts';
export { FILE_SPECS } from './files.ts';
