import { ASSESSMENT_KINDS, CLOSURE_REASONS, CONTACT_MODES, GOAL_STATUSES, REDUCTION_REASONS, WORKLOAD_KINDS } from '@caseload/db';
import { STAFF_ROLES } from '@caseload/values';
import { type CellType, bool, date, id, int, language, languageList, number, oneOf, positive, text, textList, textUpTo } from './values.ts';

/**
 * The import files of domain.md "CSV import format": columns, required columns,
 * types, references and the cross-field rules, one spec per file.
 */

/** The entities other files refer to. */
export type RefTarget = 'programs' | 'teams' | 'providers' | 'staff' | 'clients' | 'survey_invitations';

export interface ColumnSpec {
  name: string;
  required?: boolean;
  type: CellType;
  /** the value of an empty cell (and of an absent optional column); null unless set */
  empty?: unknown;
  /** the file whose key this column holds */
  ref?: RefTarget;
  /** checked after the whole run (teams.supervisor_staff_id: the staff row may come later) */
  deferred?: boolean;
}

export type Row = Record<string, unknown>;

/** What a rule may know besides the row: the import's today (agency-local, from the one clock). */
interface RuleContext {
  today: string;
}

/** A rule over several cells of one row; runs only when all its columns parsed. */
interface RowRule {
  columns: string[];
  check(row: Row, context: RuleContext): { column: string; message: string } | undefined;
}

export interface FileSpec {
  file: string;
  table: string;
  /** columns forming the key within the agency, in primary-key order */
  key: string[];
  columns: ColumnSpec[];
  rules: RowRule[];
  /**
   * Rows are spans [start_on, end_on) that may not overlap for one owner (a client's
   * assignments, a member's periods), counting rows already in the database.
   */
  spans?: { owner: string; what: string; ownerNoun: string };
}

const REQUIRED = true;

/** A year from `first` to the year of the import's today (birth_year: 1900..current year). */
const yearUpToToday = (column: string, first: number): RowRule => ({
  columns: [column],
  check(r, { today }) {
    const year = r[column] as number | null;
    const thisYear = Number(today.slice(0, 4));
    if (year !== null && (year < first || year > thisYear)) return { column, message: `${year} is out of range (${first}–${thisYear})` };
    return undefined;
  },
});

const notBefore = (later: string, earlier: string): RowRule => ({
  columns: [later, earlier],
  check(r) {
    const a = r[later] as string | null;
    const b = r[earlier] as string | null;
    if (a !== null && b !== null && a < b) return { column: later, message: `${a} is before ${earlier} ${b}` };
    return undefined;
  },
});

/** end_on > start_on (end_on is the first day the span no longer holds). */
const endAfterStart: RowRule = {
  columns: ['start_on', 'end_on'],
  check(r) {
    const start = r.start_on as string;
    const end = r.end_on as string | null;
    if (end !== null && end <= start) return { column: 'end_on', message: `${end} is not after start_on ${start}` };
    return undefined;
  },
};

export const FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'programs.csv',
    table: 'programs',
    key: ['program_id'],
    columns: [
      { name: 'program_id', required: REQUIRED, type: id },
      { name: 'name', required: REQUIRED, type: text },
      { name: 'funder', type: text },
    ],
    rules: [],
  },
  {
    file: 'teams.csv',
    table: 'teams',
    key: ['team_id'],
    columns: [
      { name: 'team_id', required: REQUIRED, type: id },
      { name: 'name', required: REQUIRED, type: text },
      { name: 'supervisor_staff_id', type: id, ref: 'staff', deferred: true },
    ],
    rules: [],
  },
  {
    file: 'providers.csv',
    table: 'providers',
    key: ['provider_id'],
    columns: [
      { name: 'provider_id', required: REQUIRED, type: id },
      { name: 'name', required: REQUIRED, type: text },
      { name: 'service_types', type: textList, empty: [] },
    ],
    rules: [],
  },
  {
    file: 'staff.csv',
    table: 'staff',
    key: ['staff_id'],
    columns: [
      { name: 'staff_id', required: REQUIRED, type: id },
      { name: 'name', required: REQUIRED, type: text },
      { name: 'role', required: REQUIRED, type: oneOf(STAFF_ROLES) },
      { name: 'team_id', type: id, ref: 'teams' },
      { name: 'caseload_fte', required: REQUIRED, type: number(0, 1) },
      { name: 'languages', type: languageList, empty: [] },
      { name: 'region', type: text },
      { name: 'active', type: bool, empty: true },
    ],
    rules: [],
  },
  {
    file: 'staff_periods.csv',
    table: 'staff_periods',
    key: ['staff_id', 'start_on'],
    columns: [
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'start_on', required: REQUIRED, type: date },
      { name: 'end_on', type: date },
      { name: 'caseload_fte', required: REQUIRED, type: number(0, 1) },
      { name: 'team_id', type: id, ref: 'teams' },
    ],
    rules: [endAfterStart],
    spans: { owner: 'staff_id', what: 'period', ownerNoun: 'staff member' },
  },
  {
    file: 'capacity_reductions.csv',
    table: 'capacity_reductions',
    key: ['reduction_id'],
    columns: [
      { name: 'reduction_id', required: REQUIRED, type: id },
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'reason', required: REQUIRED, type: oneOf(REDUCTION_REASONS) },
      { name: 'start_on', required: REQUIRED, type: date },
      { name: 'end_on', type: date },
      { name: 'percent', type: positive(100) },
      { name: 'hours_per_month', type: positive(200) },
      { name: 'note', type: textUpTo(200) },
    ],
    rules: [
      endAfterStart,
      {
        columns: ['percent', 'hours_per_month'],
        check(r) {
          if (r.percent !== null && r.hours_per_month !== null) {
            return { column: 'hours_per_month', message: 'give either percent or hours_per_month, not both' };
          }
          if (r.percent === null && r.hours_per_month === null) {
            return { column: 'percent', message: 'one of percent and hours_per_month is required' };
          }
          return undefined;
        },
      },
    ],
  },
  {
    file: 'workload_items.csv',
    table: 'workload_items',
    key: ['item_id'],
    columns: [
      { name: 'item_id', required: REQUIRED, type: id },
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'kind', required: REQUIRED, type: oneOf(WORKLOAD_KINDS) },
      { name: 'start_on', required: REQUIRED, type: date },
      { name: 'end_on', type: date },
      { name: 'hours_per_month', required: REQUIRED, type: positive(200) },
    ],
    rules: [endAfterStart],
  },
  {
    file: 'clients.csv',
    table: 'clients',
    key: ['client_id'],
    columns: [
      { name: 'client_id', required: REQUIRED, type: id },
      { name: 'program_id', required: REQUIRED, type: id, ref: 'programs' },
      // the range, 1900 to the import's year, is the rule below: the year is the agency's today
      { name: 'birth_year', type: int(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) },
      { name: 'county', type: text },
      { name: 'primary_language', type: language },
      { name: 'region', type: text },
      { name: 'enrolled_on', required: REQUIRED, type: date },
      { name: 'closed_on', type: date },
      { name: 'closure_reason', type: oneOf(CLOSURE_REASONS) },
    ],
    rules: [notBefore('closed_on', 'enrolled_on'), yearUpToToday('birth_year', 1900)],
  },
  {
    file: 'assignments.csv',
    table: 'assignments',
    key: ['client_id', 'start_on'],
    columns: [
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'start_on', required: REQUIRED, type: date },
      { name: 'end_on', type: date },
    ],
    rules: [endAfterStart],
    spans: { owner: 'client_id', what: 'assignment', ownerNoun: 'client' },
  },
  {
    file: 'assessments.csv',
    table: 'assessments',
    key: ['assessment_id'],
    columns: [
      { name: 'assessment_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'assessed_on', required: REQUIRED, type: date },
      { name: 'kind', required: REQUIRED, type: oneOf(ASSESSMENT_KINDS) },
      { name: 'adl_deficits', type: int(0, 6) },
      { name: 'iadl_deficits', type: int(0, 8) },
      { name: 'cognitive_impairment', type: bool },
      { name: 'lives_alone', type: bool },
      { name: 'recent_hospitalization', type: bool },
      { name: 'aps_involvement', type: bool },
      { name: 'behavioral_health', type: bool },
      { name: 'acuity_tier', type: int(1, 4) },
    ],
    rules: [],
  },
  {
    file: 'contacts.csv',
    table: 'contacts',
    key: ['contact_id'],
    columns: [
      { name: 'contact_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'occurred_on', required: REQUIRED, type: date },
      { name: 'mode', required: REQUIRED, type: oneOf(CONTACT_MODES) },
      { name: 'minutes', type: int(0, 1440) },
    ],
    rules: [],
  },
  {
    file: 'goals.csv',
    table: 'goals',
    key: ['goal_id'],
    columns: [
      { name: 'goal_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'domain', type: text },
      { name: 'set_on', required: REQUIRED, type: date },
      { name: 'status', required: REQUIRED, type: oneOf(GOAL_STATUSES) },
      { name: 'resolved_on', type: date },
    ],
    rules: [
      {
        columns: ['status', 'resolved_on'],
        check(r) {
          if (r.status !== 'open' && r.resolved_on === null) {
            return { column: 'resolved_on', message: `is required when status is ${String(r.status)}` };
          }
          return undefined;
        },
      },
      notBefore('resolved_on', 'set_on'),
    ],
  },
  {
    file: 'referrals.csv',
    table: 'referrals',
    key: ['referral_id'],
    columns: [
      { name: 'referral_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'provider_id', required: REQUIRED, type: id, ref: 'providers' },
      { name: 'service_type', type: text },
      { name: 'referred_on', required: REQUIRED, type: date },
      { name: 'started_on', type: date },
    ],
    rules: [notBefore('started_on', 'referred_on')],
  },
  {
    file: 'survey_invitations.csv',
    table: 'survey_invitations',
    key: ['invitation_id'],
    columns: [
      { name: 'invitation_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'sent_on', required: REQUIRED, type: date },
    ],
    rules: [],
  },
  {
    file: 'survey_responses.csv',
    table: 'survey_responses',
    key: ['response_id'],
    columns: [
      { name: 'response_id', required: REQUIRED, type: id },
      { name: 'invitation_id', type: id, ref: 'survey_invitations' },
      { name: 'program_id', required: REQUIRED, type: id, ref: 'programs' },
      { name: 'staff_id', type: id, ref: 'staff' },
      { name: 'provider_id', type: id, ref: 'providers' },
      { name: 'received_on', required: REQUIRED, type: date },
      ...(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] as const).map((q) => ({ name: q, type: int(1, 5) })),
      { name: 'comment', type: text },
    ],
    rules: [
      {
        columns: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'],
        check(r) {
          for (let i = 1; i <= 8; i++) if (r[`q${i}`] !== null) return undefined;
          return { column: 'q1-q8', message: 'no survey item is answered (at least one of q1–q8 is required)' };
        },
      },
    ],
  },
  {
    file: 'qa_reviews.csv',
    table: 'qa_reviews',
    key: ['review_id'],
    columns: [
      { name: 'review_id', required: REQUIRED, type: id },
      { name: 'client_id', required: REQUIRED, type: id, ref: 'clients' },
      { name: 'staff_id', required: REQUIRED, type: id, ref: 'staff' },
      { name: 'reviewer_staff_id', type: id, ref: 'staff' },
      { name: 'reviewed_on', required: REQUIRED, type: date },
      { name: 'score', required: REQUIRED, type: number(0, 100) },
      { name: 'findings', type: text },
      { name: 'corrective_action', type: text },
      { name: 'action_due_on', type: date },
      { name: 'action_closed_on', type: date },
    ],
    rules: [
      {
        columns: ['corrective_action', 'action_due_on'],
        check(r) {
          if (r.corrective_action !== null && r.action_due_on === null) {
            return { column: 'action_due_on', message: 'is required when corrective_action is set' };
          }
          return undefined;
        },
      },
    ],
  },
];

/** The import files, in import order (references point backwards, except a team's supervisor). */
export const IMPORT_FILES: readonly string[] = FILE_SPECS.map((s) => s.file);

/** How a reference names what it points at: `no client "C9" in clients.csv or the database`. */
export const REF_LABEL: Record<RefTarget, { noun: string; file: string }> = {
  programs: { noun: 'program', file: 'programs.csv' },
  teams: { noun: 'team', file: 'teams.csv' },
  providers: { noun: 'provider', file: 'providers.csv' },
  staff: { noun: 'staff member', file: 'staff.csv' },
  clients: { noun: 'client', file: 'clients.csv' },
  survey_invitations: { noun: 'survey invitation', file: 'survey_invitations.csv' },
};

/** The key column of each referenced table. */
export const REF_KEY: Record<RefTarget, string> = {
  programs: 'program_id',
  teams: 'team_id',
  providers: 'provider_id',
  staff: 'staff_id',
  clients: 'client_id',
  survey_invitations: 'invitation_id',
};
