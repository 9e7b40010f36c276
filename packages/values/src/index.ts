export { ID_PATTERN, ID_RULE, isId } from './ids.ts';
export { DATE_PATTERN, daysInMonth, isCalendarDate } from './dates.ts';
export { STAFF_ROLES, type StaffRole, USER_ROLES, type UserRole } from './roles.ts';
export { CSV_BOM, CSV_EOL, csvCell, csvRecord, type CsvValue, neutraliseFormula, quoteCsvField, toCsv } from './csv.ts';
