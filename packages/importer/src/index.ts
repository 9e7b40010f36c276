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
