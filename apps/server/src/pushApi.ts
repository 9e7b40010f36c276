/**
 * The push API: `POST /api/v1/imports` (multipart CSV/XLSX files or one zip, or a bare
 * zip; `Authorization: Bearer <token>` with an agency's import token) imports exactly
 * as the browser upload does, through the agency's mapping profile when it has one, and
 * answers with the import's JSON: 201 with counts, 422 with every error, 409 while
 * another import runs for the agency, 401 for a missing or unknown token, 403 for a
 * revoked one. `GET /api/v1/openapi.json` describes it.
 */
import { checkApiToken, type Database, hashApiToken, type Tenancy, writeAudit } from '@caseload/db';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { sendJson } from './http.ts';
import { type ImportUploadOptions, importUpload } from './imports.ts';
import type { ImportOutcome } from './metrics.ts';

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? (m[1] as string) : null;
}

/**
 * True when another import holds the agency's import lock (the importer takes it for
 * its whole transaction, in any process: browser, CLI, drop folder, API). Probed with
 * a try-lock in a transaction of its own, released at once.
 */
async function importRunning(db: Kysely<Database>, agencyId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<{
      got: boolean;
    }>`select pg_try_advisory_xact_lock(hashtextextended(${`caseload:import:${agencyId}`}, 0)) as got`.execute(trx);
    return r.rows[0]?.got !== true;
  });
}

async function handlePushImport(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: ImportUploadOptions,
  running: Set<string>,
  tenancy: Tenancy | null,
): Promise<ImportOutcome> {
  const refuse = (status: number, error: string): ImportOutcome => {
    request.raw.resume();
    sendJson(reply, status, { error }, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    return { status: status === 409 ? 'refused' : 'unauthorized' };
  };
  const token = bearer(request);
  if (!token) return refuse(401, 'Send the agency\'s import token: "Authorization: Bearer <token>".');
  if (tenancy) {
    // CASELOAD_CLUSTERS: the token's agency (one indexed look-up of its hash per cluster), then all on that agency's cluster
    const agencyId = await tenancy.locate(
      async (db) =>
        (await db.selectFrom('api_tokens').select('agency_id').where('token_hash', '=', hashApiToken(token)).executeTakeFirst())?.agency_id,
    );
    if (agencyId === undefined) return refuse(401, 'The token is not valid.');
    return tenancy.forAgency(agencyId, () => handlePushImport(request, reply, opts, running, null));
  }
  const check = await checkApiToken(opts.db, token, opts.now());
  if (check.status === 'unknown') return refuse(401, 'The token is not valid.');
  if (check.status === 'revoked') {
    await writeAudit(opts.db, {
      agencyId: check.agencyId,
      userId: null,
      actor: `api token ${check.tokenId}`,
      action: 'import.failed',
      details: { stage: 'token', reason: 'revoked token', tokenId: check.tokenId, via: 'api' },
    }).catch(() => {});
    return refuse(403, 'The token has been revoked. Ask an administrator for a new one.');
  }
  if (running.has(check.agencyId) || (await importRunning(opts.db, check.agencyId))) {
    return refuse(409, 'Another import is running for this agency. Try again when it has finished.');
  }
  running.add(check.agencyId);
  try {
    return await importUpload(request, reply, opts, {
      agencyId: check.agencyId,
      userId: null,
      label: `api token ${check.label} (${check.tokenId})`,
      via: 'api',
    });
  } finally {
    running.delete(check.agencyId);
  }
}

const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Caseload analytics import API',
    version: '1',
    description:
      "Push an agency's export into the dashboard. The files are imported all or nothing, through the agency's mapping profile when an administrator has saved one (then the export's own .csv and .xlsx files are accepted under their own names); otherwise as the import files of the CSV import format.",
  },
  components: {
    securitySchemes: {
      importToken: {
        type: 'http',
        scheme: 'bearer',
        description: "An agency's import token, made by an administrator on the Users page (shown once).",
      },
    },
    schemas: {
      ImportedFile: {
        type: 'object',
        required: ['file', 'rows', 'inserted', 'updated', 'unchanged'],
        properties: {
          file: { type: 'string', description: 'the import file, e.g. contacts.csv' },
          source: { type: 'string', description: "the export's file it was read from (with a mapping profile)" },
          rows: { type: 'integer' },
          inserted: { type: 'integer' },
          updated: { type: 'integer' },
          unchanged: { type: 'integer' },
          deleted: { type: 'integer', description: 'a snapshot file: rows the export no longer has, deleted' },
        },
      },
      Imported: {
        type: 'object',
        required: ['ok', 'files', 'totalRows'],
        properties: {
          ok: { const: true },
          files: { type: 'array', items: { $ref: '#/components/schemas/ImportedFile' } },
          totalRows: { type: 'integer' },
          ignored: { type: 'array', items: { type: 'string' } },
        },
      },
      Invalid: {
        type: 'object',
        required: ['ok', 'errors', 'errorCount'],
        properties: {
          ok: { const: false },
          errors: {
            type: 'array',
            items: { type: 'string' },
            description: 'file:line: column: message (the source file, line or sheet row, and column)',
          },
          errorCount: { type: 'integer' },
        },
      },
      Refused: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
    },
  },
  paths: {
    '/api/v1/imports': {
      post: {
        summary: 'Import files (all or nothing)',
        security: [{ importToken: [] }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } },
            },
            'application/zip': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: {
          '201': { description: 'Imported', content: { 'application/json': { schema: { $ref: '#/components/schemas/Imported' } } } },
          '400': {
            description: 'The upload is not files or one zip',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Refused' } } },
          },
          '401': {
            description: 'No token, or not a valid one',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Refused' } } },
          },
          '403': {
            description: 'The token has been revoked',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Refused' } } },
          },
          '409': {
            description: 'Another import is running for the agency',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Refused' } } },
          },
          '413': {
            description: 'Larger than the upload limits',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Refused' } } },
          },
          '422': {
            description: 'The data has errors; nothing was changed',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Invalid' } } },
          },
        },
      },
    },
  },
} as const;

/** Registers the push API routes in their own scope (no cookies, no same-origin check: a token is the credential). */
export async function registerPushApi(
  app: FastifyInstance,
  opts: () => ImportUploadOptions,
  observe: (o: ImportOutcome, seconds: number) => void,
  tenancy: Tenancy | null = null,
) {
  const running = new Set<string>();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(fastifyMultipart);
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post('/api/v1/imports', async (request, reply) => {
      const started = performance.now();
      const outcome = await handlePushImport(request, reply, opts(), running, tenancy);
      observe(outcome, (performance.now() - started) / 1000);
      return reply;
    });
  });
  app.get('/api/v1/openapi.json', async (_request, reply) => sendJson(reply, 200, OPENAPI));
}
