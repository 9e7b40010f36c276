export {
  generateAgency,
  checkGenerateOptions,
  SYNTHETIC_FILES,
  type GenerateOptions,
  type GeneratedFile,
  type SyntheticAgency,
  type SyntheticStories,
  type SyntheticSummary,
} from './generate.ts';
export { SCALES, SCALES_LIST, type Scale, type ScaleConfig } from './config.ts';
