/** Survey comments: the free-text answers of a period, a page at a time. */
import { type Database, listSurveyComments, type SurveyCommentRow } from '@caseload/db';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { checkPeriod } from './evaluation.ts';

export interface SurveyCommentsInput {
  from: string;
  to: string;
  /** null: every program (agency roles); a list: those programs only; [] nothing */
  programIds: string[] | null;
  search?: string | null;
  limit: number;
  offset: number;
}

export interface SurveyComments {
  from: string;
  to: string;
  total: number;
  comments: SurveyCommentRow[];
}

export const MAX_COMMENTS_PAGE = 500;

/**
 * Free-text survey comments received in the period, newest first: text, received_on
 * and program only — never a response, invitation or client id. Who may read them
 * (agency roles, program managers for their programs; never the board) is the
 * router's decision.
 */
export async function surveyComments(db: Kysely<Database>, agencyId: string, input: SurveyCommentsInput): Promise<SurveyComments> {
  checkPeriod(input.from, input.to);
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_COMMENTS_PAGE) {
    throw new ServiceError('BAD_REQUEST', `"limit" must be a whole number from 1 to ${MAX_COMMENTS_PAGE}.`);
  }
  if (!Number.isInteger(input.offset) || input.offset < 0)
    throw new ServiceError('BAD_REQUEST', '"offset" must be a whole number, 0 or more.');
  if (input.search && input.search.length > 200) throw new ServiceError('BAD_REQUEST', 'The search text is at most 200 characters.');
  const page = await listSurveyComments(db, agencyId, input);
  return { from: input.from, to: input.to, ...page };
}
