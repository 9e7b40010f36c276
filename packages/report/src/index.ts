/**
 * The board report as a document: one rendering of a BoardReport, drawn by the
 * dashboard's board page and printed to PDF by the server and the CLI (./pdf).
 * Browser- and server-safe: nothing here touches window or Node.
 */
export { BoardDocument, type BoardDocumentProps, evidenceSentence, strengthOf } from './document.tsx';
export { boardDocumentCss } from './styles.ts';
export {
  BOARD_DATA_CSV_HEADER,
  type BoardData,
  type BoardDataRow,
  boardData,
  boardDataCsvRows,
  boardDataFileStem,
  HEADLINES,
  type HeadlineDef,
  shownChange,
  shownValue,
  withheldText,
  complementaryText,
  changeVerdict,
  BETTER_WHEN,
  COMPLEMENTARY_NOTE,
  figureWithheld,
  withheldWhy,
  type Withheld,
} from './data.ts';
export {
  type DatePeriod,
  describePeriod,
  fiscalQuarterOf,
  fiscalQuarterPeriod,
  fiscalYearPeriod,
  formatDay,
  formatMonth,
  lastCompleteQuarter,
  namedPeriod,
  previousDatePeriod,
} from './period.ts';
export * from './charts.ts';
export { STANDARD_KIND_LABEL, standardPeriodText, standardRuleText, standardValueText } from './standardsText.ts';
