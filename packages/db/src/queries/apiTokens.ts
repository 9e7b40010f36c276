import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { AUDIT_ACTIONS } from './audit.ts';

/** Tokens start with this, so one found in a log or a repository is recognisable. */
export const API_TOKEN_PREFIX = 'cla_';

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ApiTokenInfo {
  tokenId: string;
  purpose: 'import';
  label: string;
  /** ISO 8601, UTC */
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function listApiTokens(db: Kysely<Database>, agencyId: string): Promise<ApiTokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('created_at', 'desc')
    .orderBy('token_id')
    .execute();
  return rows.map((r) => ({
    tokenId: r.token_id,
    purpose: r.purpose,
    label: r.label,
    createdAt: iso(r.created_at) as string,
    createdBy: r.created_by,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
    revokedBy: r.revoked_by,
  }));
}

/** Makes a token (returned once, never stored) and audits it, in one transaction. */
export async function createApiToken(
  db: Kysely<Database>,
  agencyId: string,
  label: string,
  actor: { userId: string | null; label: string },
): Promise<{ tokenId: string; token: string }> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const tokenId = `tok_${randomBytes(9).toString('base64url')}`;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        token_id: tokenId,
        agency_id: agencyId,
        purpose: 'import',
        label,
        token_hash: hashApiToken(token),
        created_by: actor.label,
      })
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        agency_id: agencyId,
        user_id: actor.userId,
        actor: actor.label,
        action: AUDIT_ACTIONS.tokenCreate,
        details: JSON.stringify({ tokenId, label, purpose: 'import' }),
      })
      .execute();
  });
  return { tokenId, token };
}

/** Revokes a token of the agency; false when there is no such token or it was already revoked. */
export async function revokeApiToken(
  db: Kysely<Database>,
  agencyId: string,
  tokenId: string,
  actor: { userId: string | null; label: string },
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now, revoked_by: actor.label })
      .where('agency_id', '=', agencyId)
      .where('token_id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .returning(['label'])
      .executeTakeFirst();
    if (!r) return false;
    await trx
      .insertInto('audit_log')
      .values({
        agency_id: agencyId,
        user_id: actor.userId,
        actor: actor.label,
        action: AUDIT_ACTIONS.tokenRevoke,
        details: JSON.stringify({ tokenId, label: r.label }),
      })
      .execute();
    return true;
  });
}

export type ApiTokenCheck =
  | { status: 'ok'; agencyId: string; tokenId: string; label: string; purpose: 'import' }
  | { status: 'revoked'; agencyId: string; tokenId: string }
  | { status: 'unknown' };

/** Looks a presented token up by its hash; a live one has its last use recorded. */
export async function checkApiToken(db: Kysely<Database>, token: string, now: Date): Promise<ApiTokenCheck> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return { status: 'unknown' };
  const row = await db
    .selectFrom('api_tokens')
    .select(['token_id', 'agency_id', 'label', 'purpose', 'revoked_at'])
    .where('token_hash', '=', hashApiToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at !== null) return { status: 'revoked', agencyId: row.agency_id, tokenId: row.token_id };
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('agency_id', '=', row.agency_id)
    .where('token_id', '=', row.token_id)
    .execute();
  return { status: 'ok', agencyId: row.agency_id, tokenId: row.token_id, label: row.label, purpose: row.purpose };
}
