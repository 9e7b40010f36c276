/** Survey comment queries: the free-text answers of a period, in scope. */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, DateString } from '../schema.ts';
import { assertScope, responseInScope, TRUE } from './evaluationScope.ts';

export interface SurveyCommentRow {
  comment: string;
  receivedOn: DateString;
  programId: string;
  programName: string;
}

export interface SurveyCommentQuery {
  from: DateString;
  to: DateString;
  /** null: every program; [] nothing */
  programIds: readonly string[] | null;
  /** case-insensitive text to find in the comment */
  search?: string | null;
  limit: number;
  offset: number;
}

/**
 * Survey comments received in the period, newest first: the text, the date and the
 * program — never a response, invitation or client id. `total` counts every match.
 */
export async function listSurveyComments(
  db: Kysely<Database>,
  agencyId: string,
  q: SurveyCommentQuery,
): Promise<{ total: number; comments: SurveyCommentRow[] }> {
  assertScope(q);
  const search = q.search?.trim() ? `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const base = db
    .selectFrom('survey_responses as r')
    .innerJoin('programs as p', (j) => j.onRef('p.agency_id', '=', 'r.agency_id').onRef('p.program_id', '=', 'r.program_id'))
    .where('r.agency_id', '=', agencyId)
    .where('r.received_on', '>=', q.from)
    .where('r.received_on', '<=', q.to)
    .where(sql<SqlBool>`btrim(coalesce(r.comment, '')) <> ''`)
    .where(responseInScope(agencyId, { ...q, teamIds: null }, 'r'))
    .where(search === null ? TRUE : sql<SqlBool>`r.comment ilike ${search} escape '\\'`);
  const [count, comments] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        sql<string>`r.comment`.as('comment'),
        sql<string>`to_char(r.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
        'r.program_id as programId',
        'p.name as programName',
      ])
      .orderBy('r.received_on', 'desc')
      .orderBy(sql`r.response_id collate "C"`, 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
  ]);
  return { total: count.total, comments };
}
