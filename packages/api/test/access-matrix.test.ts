/**
 * The access matrix, generated from the router itself: every procedure the router
 * has × every role × an input inside and one outside the caller's scope, checked
 * against the table of expected rules below. A procedure without an access rule, or
 * one missing from this table, fails the suite.
 */
import { createClock } from '@caseload/clock';
import { appendSettingsVersion, currentSettings, type DbHandle, insertPlan } from '@caseload/db';
import { USER_ROLES, type UserRole } from '@caseload/values';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings, type Settings } from '@caseload/metrics';
import { type AnyRouter, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccessRule, Caller } from '../src/access.ts';
import { appRouter } from '../src/root.ts';
import { createCallerFactory, createContextInner, procedure, router } from '../src/trpc.ts';
import { makeUser, uniqueId } from './factories.ts';
import { AS_OF, buildWorld, type World } from './world.ts';

type Outcome = 'ok' | TRPC_ERROR_CODE_KEY;
type InputFn = (w: World, db: DbHandle['db']) => unknown | Promise<unknown>;
interface Denial {
  input: InputFn;
  /** the error this out-of-scope input must get */
  code: TRPC_ERROR_CODE_KEY;
}
interface Expectation {
  roles: readonly UserRole[];
  reads?: AccessRule['reads'];
  /** inputs the role is entitled to; each must succeed (any role not listed: the first of `default`) */
  inScope: Partial<Record<UserRole | 'default', InputFn[]>>;
  /** inputs outside the role's scope; each must be refused */
  outOfScope?: Partial<Record<UserRole, Denial[]>>;
}

const ALL = USER_ROLES;

/** A fresh quarterly standard added to the agency's current settings; its id. */
async function withStandard(db: DbHandle['db'], agencyId: string): Promise<string> {
  const current = await currentSettings<Settings>(db, agencyId);
  const id = uniqueId('std').replace(/[^A-Za-z0-9._:-]/g, '-');
  const base = { ...defaultSettings, ...current?.settings };
  await appendSettingsVersion(
    db,
    agencyId,
    {
      ...base,
      caseloadStandards: [
        ...(base.caseloadStandards ?? []),
        { id, label: id, kind: 'average_ratio', limit: 62, period: 'quarter', programs: [] },
      ],
    },
    'test',
  );
  return id;
}

/** An open plan of correction for a fresh standard; its id. */
async function withPlan(db: DbHandle['db'], agencyId: string): Promise<string> {
  const ruleId = await withStandard(db, agencyId);
  const plan = await insertPlan(db, agencyId, {
    ruleId,
    period: '2024-Q4',
    openedOn: '2025-01-02',
    owner: 'Director',
    actions: 'Hire.',
    dueOn: '2025-03-31',
    createdBy: 'test',
  });
  return plan.planId;
}
/** A settings document without its caseload standards (settings.preview's input). */
function withoutStandards(settings: Settings): Omit<Settings, 'caseloadStandards'> {
  const { caseloadStandards: _standards, ...rest } = settings;
  return rest;
}
const AGENCY_ROLES = ['admin', 'director', 'board'] as const;

const reportExpectation: Expectation = {
  roles: ALL,
  inScope: {
    default: [() => ({ asOf: AS_OF }), () => undefined],
    admin: [(w) => ({ asOf: AS_OF, teamId: w.a.south }), () => ({ asOf: AS_OF, programId: 'waiver' })],
    director: [(w) => ({ asOf: AS_OF, teamId: w.a.south })],
    board: [(w) => ({ asOf: AS_OF, teamId: w.a.north })],
    program_manager: [() => ({ asOf: AS_OF }), () => ({ asOf: AS_OF, programId: 'title3', teamId: 'south' })],
    supervisor: [() => ({ asOf: AS_OF }), () => ({ asOf: AS_OF, teamId: 'north', programId: 'waiver' })],
    case_manager: [() => ({ asOf: AS_OF }), () => ({ asOf: AS_OF, teamId: 'north' })],
  },
  outOfScope: {
    ...Object.fromEntries(
      AGENCY_ROLES.map((r) => [r, [{ input: (w: World) => ({ asOf: AS_OF, teamId: w.b.east }), code: 'BAD_REQUEST' as const }]]),
    ),
    program_manager: [{ input: () => ({ asOf: AS_OF, programId: 'waiver' }), code: 'FORBIDDEN' }],
    supervisor: [{ input: () => ({ asOf: AS_OF, teamId: 'south' }), code: 'FORBIDDEN' }],
    case_manager: [{ input: () => ({ asOf: AS_OF, teamId: 'south' }), code: 'FORBIDDEN' }],
  },
};

const PERIOD = { from: '2024-11-01', to: AS_OF };
const CLIENT_LIST_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'] as const;
const STANDARD8_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'board'] as const;

/** A period report ({from, to, teamId?, programId?}) for `roles`, scoped like the point-in-time reports. */
function periodExpectation(roles: readonly UserRole[]): Expectation {
  const scoped: Expectation['inScope'] = {
    default: [() => PERIOD],
    admin: [(w) => ({ ...PERIOD, teamId: w.a.south }), () => ({ ...PERIOD, programId: 'waiver' })],
    director: [(w) => ({ ...PERIOD, teamId: w.a.south })],
    board: [(w) => ({ ...PERIOD, teamId: w.a.north }), (w) => ({ ...PERIOD, programId: w.a.waiver })],
    program_manager: [() => PERIOD, () => ({ ...PERIOD, programId: 'title3', teamId: 'south' })],
    supervisor: [() => PERIOD, () => ({ ...PERIOD, teamId: 'north', programId: 'waiver' })],
    case_manager: [() => PERIOD, () => ({ ...PERIOD, teamId: 'north' })],
  };
  const denied: Expectation['outOfScope'] = {
    ...Object.fromEntries(
      (['admin', 'director', 'board'] as const).map((r) => [
        r,
        [
          { input: (w: World) => ({ ...PERIOD, teamId: w.b.east }), code: 'BAD_REQUEST' as const },
          { input: () => ({ from: AS_OF, to: '2024-11-01' }), code: 'BAD_REQUEST' as const },
        ],
      ]),
    ),
    program_manager: [{ input: () => ({ ...PERIOD, programId: 'waiver' }), code: 'FORBIDDEN' }],
    supervisor: [{ input: () => ({ ...PERIOD, teamId: 'south' }), code: 'FORBIDDEN' }],
    case_manager: [{ input: () => ({ ...PERIOD, teamId: 'south' }), code: 'FORBIDDEN' }],
  };
  return {
    roles,
    inScope: Object.fromEntries(Object.entries(scoped).filter(([r]) => r === 'default' || roles.includes(r as UserRole))),
    outOfScope: Object.fromEntries(Object.entries(denied).filter(([r]) => roles.includes(r as UserRole))),
  };
}

async function throwawayUser(w: World, db: DbHandle['db'], agency: 'a' | 'b' = 'a'): Promise<string> {
  return (await makeUser(db, w[agency].agencyId, { role: 'board' })).userId;
}

/** The table of expected rules. Every procedure of the router must appear here. */
const EXPECTED: Record<string, Expectation> = {
  'auth.me': { roles: ALL, reads: 'account', inScope: { default: [() => undefined] } },
  'meta.directory': { roles: ALL, inScope: { default: [() => undefined] } },
  'caseload.report': reportExpectation,
  'compliance.report': reportExpectation,
  'audit.recordExport': {
    roles: ALL,
    reads: 'account',
    inScope: { default: [() => ({ file: 'team-load_2024-11-30_settings-v1.csv', format: 'csv', rows: 4, page: '/' })] },
  },
  'audit.list': {
    roles: ['admin', 'director'],
    inScope: {
      default: [() => undefined, () => ({ action: 'user.create', from: '2020-01-01', to: '2099-12-31', page: 1, pageSize: 10 })],
    },
  },
  'users.list': { roles: ['admin'], inScope: { default: [() => undefined] } },
  'users.create': {
    roles: ['admin'],
    inScope: {
      default: [
        (w) => ({ email: `${uniqueId('new')}@example.org`, role: 'supervisor', teamIds: [w.a.north], password: 'a long enough password' }),
      ],
    },
    outOfScope: {
      admin: [
        {
          input: (w) => ({
            email: `${uniqueId('new')}@example.org`,
            role: 'supervisor',
            teamIds: [w.b.east],
            password: 'a long enough password',
          }),
          code: 'BAD_REQUEST',
        },
      ],
    },
  },
  'users.setDisabled': {
    roles: ['admin'],
    inScope: { default: [async (w, db) => ({ userId: await throwawayUser(w, db), disabled: true })] },
    outOfScope: { admin: [{ input: async (w, db) => ({ userId: await throwawayUser(w, db, 'b'), disabled: true }), code: 'NOT_FOUND' }] },
  },
  'users.resetPassword': {
    roles: ['admin'],
    inScope: { default: [async (w, db) => ({ userId: await throwawayUser(w, db), password: 'another long password' })] },
    outOfScope: {
      admin: [
        { input: async (w, db) => ({ userId: await throwawayUser(w, db, 'b'), password: 'another long password' }), code: 'NOT_FOUND' },
      ],
    },
  },
  'settings.get': { roles: ['admin', 'director', 'program_manager', 'supervisor'], inScope: { default: [() => undefined] } },
  'settings.update': { roles: ['admin', 'director'], inScope: { default: [() => ({ settings: defaultSettings })] } },
  'settings.preview': {
    roles: ['admin', 'director'],
    inScope: { default: [() => ({ settings: withoutStandards(defaultSettings) })] },
  },
  'caseload.trend': periodExpectation(ALL),
  'caseload.staffClients': {
    roles: CLIENT_LIST_ROLES,
    inScope: {
      default: [(w) => ({ staffId: w.a.n1, asOf: AS_OF })],
      admin: [(w) => ({ staffId: w.a.s1, asOf: AS_OF }), (w) => ({ staffId: w.a.n2 })],
      director: [(w) => ({ staffId: w.a.s1, asOf: AS_OF })],
      // any staff member; only the clients of the manager's programs come back
      program_manager: [(w) => ({ staffId: w.a.n2, asOf: AS_OF }), (w) => ({ staffId: w.a.s1, asOf: AS_OF })],
      supervisor: [(w) => ({ staffId: w.a.n1, asOf: AS_OF }), (w) => ({ staffId: w.a.n2, asOf: AS_OF })],
      case_manager: [(w) => ({ staffId: w.a.n1, asOf: AS_OF }), (w) => ({ staffId: w.a.n1 })],
    },
    outOfScope: {
      admin: [
        { input: (w) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'NOT_FOUND' },
        { input: (w) => ({ staffId: w.a.n1, asOf: '2025-02-30' }), code: 'BAD_REQUEST' },
      ],
      director: [{ input: (w) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'NOT_FOUND' }],
      program_manager: [{ input: (w) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'NOT_FOUND' }],
      supervisor: [
        { input: (w) => ({ staffId: w.a.s1, asOf: AS_OF }), code: 'FORBIDDEN' },
        { input: (w) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'FORBIDDEN' },
      ],
      case_manager: [
        { input: (w) => ({ staffId: w.a.n2, asOf: AS_OF }), code: 'FORBIDDEN' },
        { input: (w) => ({ staffId: w.a.s1, asOf: AS_OF }), code: 'FORBIDDEN' },
      ],
    },
  },
  // one member's load explained, and their capacity timeline: the reach of their caseload row
  ...Object.fromEntries(
    ['capacity.explain', 'capacity.timeline'].map((path) => [
      path,
      {
        roles: CLIENT_LIST_ROLES,
        inScope: {
          default: [(w: World) => ({ staffId: w.a.n1, asOf: AS_OF })],
          admin: [(w: World) => ({ staffId: w.a.s1, asOf: AS_OF }), (w: World) => ({ staffId: w.a.n2 })],
          program_manager: [(w: World) => ({ staffId: w.a.s1, asOf: AS_OF })],
          supervisor: [(w: World) => ({ staffId: w.a.n2, asOf: AS_OF })],
          case_manager: [(w: World) => ({ staffId: w.a.n1 })],
        },
        outOfScope: {
          admin: [
            { input: (w: World) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'NOT_FOUND' as const },
            { input: (w: World) => ({ staffId: w.a.n1, asOf: '2025-02-30' }), code: 'BAD_REQUEST' as const },
          ],
          director: [{ input: (w: World) => ({ staffId: w.b.b1, asOf: AS_OF }), code: 'NOT_FOUND' as const }],
          supervisor: [{ input: (w: World) => ({ staffId: w.a.s1, asOf: AS_OF }), code: 'FORBIDDEN' as const }],
          case_manager: [{ input: (w: World) => ({ staffId: w.a.n2, asOf: AS_OF }), code: 'FORBIDDEN' as const }],
        },
      } satisfies Expectation,
    ]),
  ),
  'capacity.changes': {
    roles: ['admin', 'director', 'supervisor'],
    inScope: { default: [() => ({ asOf: AS_OF }), () => ({})] },
    outOfScope: { admin: [{ input: () => ({ asOf: '2025-13-01' }), code: 'BAD_REQUEST' }] },
  },
  'standards.report': {
    roles: ['admin', 'director', 'board'],
    inScope: { default: [() => PERIOD] },
    outOfScope: { director: [{ input: () => ({ from: AS_OF, to: '2024-11-01' }), code: 'BAD_REQUEST' }] },
  },
  'notifications.list': { roles: ALL, reads: 'account', inScope: { default: [() => undefined] } },
  'notifications.unreadCount': { roles: ALL, reads: 'account', inScope: { default: [() => undefined] } },
  'notifications.markRead': { roles: ALL, reads: 'account', inScope: { default: [() => ({}), () => ({ ids: ['1'] })] } },
  'notifications.preferences': { roles: ALL, reads: 'account', inScope: { default: [() => undefined] } },
  'notifications.setPreferences': { roles: ALL, reads: 'account', inScope: { default: [() => ({ frequency: 'daily', alerts: false })] } },
  'standards.summary': { roles: ['admin', 'director', 'board'], inScope: { default: [() => ({ asOf: AS_OF }), () => undefined] } },
  'standards.plans': { roles: ['admin', 'director'], inScope: { default: [() => undefined] } },
  'standards.openPlan': {
    roles: ['director'],
    inScope: {
      default: [
        async (w, db) => ({
          ruleId: await withStandard(db, w.a.agencyId),
          period: '2024-Q4',
          owner: 'Director',
          actions: 'Hire two coordinators.',
          dueOn: '2025-03-31',
        }),
      ],
    },
    outOfScope: {
      director: [
        {
          input: () => ({ ruleId: 'no-such-rule', period: '2024-Q4', owner: 'Director', actions: 'x', dueOn: '2025-03-31' }),
          code: 'BAD_REQUEST',
        },
      ],
    },
  },
  'standards.editPlan': {
    roles: ['director'],
    inScope: { default: [async (w, db) => ({ planId: await withPlan(db, w.a.agencyId), owner: 'Deputy director' })] },
    outOfScope: { director: [{ input: () => ({ planId: '999999999', owner: 'x' }), code: 'NOT_FOUND' }] },
  },
  'standards.closePlan': {
    roles: ['director'],
    inScope: { default: [async (w, db) => ({ planId: await withPlan(db, w.a.agencyId), closingNote: 'Ratio back under the limit.' })] },
    outOfScope: { director: [{ input: () => ({ planId: '999999999', closingNote: 'x' }), code: 'NOT_FOUND' }] },
  },
  'capacity.calibration': {
    roles: ['admin', 'director'],
    inScope: { default: [() => PERIOD] },
    outOfScope: { admin: [{ input: () => ({ from: AS_OF, to: '2024-11-01' }), code: 'BAD_REQUEST' }] },
  },
  'forecast.report': {
    roles: ['admin', 'director', 'program_manager'],
    inScope: {
      default: [() => ({ asOf: AS_OF }), () => ({})],
      admin: [() => ({ asOf: AS_OF, programId: 'waiver', scenario: { intakeChange: 0.1, hires: [{ month: 2, fte: 1 }] } })],
      program_manager: [() => ({ asOf: AS_OF, programId: 'title3' })],
    },
    outOfScope: {
      admin: [
        { input: () => ({ asOf: AS_OF, scenario: { hires: [{ month: 13, fte: 1 }] } }), code: 'BAD_REQUEST' },
        { input: () => ({ asOf: AS_OF, programId: 'no-such-program' }), code: 'BAD_REQUEST' },
      ],
      program_manager: [{ input: () => ({ asOf: AS_OF, programId: 'waiver' }), code: 'FORBIDDEN' }],
    },
  },
  'forecast.scenarios': { roles: ['admin', 'director', 'program_manager'], inScope: { default: [() => undefined] } },
  'forecast.saveScenario': {
    roles: ['admin', 'director'],
    inScope: { default: [() => ({ name: uniqueId('plan'), inputs: { target: 0.9 } })] },
    outOfScope: { admin: [{ input: () => ({ name: '', inputs: {} }), code: 'BAD_REQUEST' }] },
  },
  'forecast.deleteScenario': {
    roles: ['admin', 'director'],
    inScope: {
      default: [
        async (w, db) => {
          const name = uniqueId('gone');
          await db.insertInto('forecast_scenarios').values({ agency_id: w.a.agencyId, name, inputs: '{}', saved_by: null }).execute();
          return { name };
        },
      ],
    },
    outOfScope: { admin: [{ input: () => ({ name: 'no such plan' }), code: 'NOT_FOUND' }] },
  },
  'worklist.list': {
    roles: CLIENT_LIST_ROLES,
    inScope: {
      default: [() => ({ kind: 'contactOverdue', asOf: AS_OF }), () => ({ kind: 'reassessOverdue' })],
      admin: [
        ...(['reassessOverdue', 'reassessDueSoon', 'contactOverdue', 'unassigned', 'uncovered'] as const).map((kind) => (w: World) => ({
          kind,
          asOf: AS_OF,
          teamId: w.a.south,
        })),
        () => ({ kind: 'unassigned', asOf: AS_OF, programId: 'waiver' }),
      ],
      program_manager: [() => ({ kind: 'contactOverdue', asOf: AS_OF, programId: 'title3' }), () => ({ kind: 'unassigned' })],
      supervisor: [() => ({ kind: 'contactOverdue', asOf: AS_OF, teamId: 'north' }), () => ({ kind: 'uncovered' })],
      case_manager: [() => ({ kind: 'contactOverdue', asOf: AS_OF }), () => ({ kind: 'reassessDueSoon', teamId: 'north' })],
    },
    outOfScope: {
      admin: [
        { input: (w) => ({ kind: 'contactOverdue', asOf: AS_OF, teamId: w.b.east }), code: 'BAD_REQUEST' },
        { input: () => ({ kind: 'everyone', asOf: AS_OF }), code: 'BAD_REQUEST' },
      ],
      director: [{ input: (w) => ({ kind: 'contactOverdue', asOf: AS_OF, teamId: w.b.east }), code: 'BAD_REQUEST' }],
      program_manager: [{ input: () => ({ kind: 'contactOverdue', asOf: AS_OF, programId: 'waiver' }), code: 'FORBIDDEN' }],
      supervisor: [{ input: () => ({ kind: 'contactOverdue', asOf: AS_OF, teamId: 'south' }), code: 'FORBIDDEN' }],
      case_manager: [{ input: () => ({ kind: 'contactOverdue', asOf: AS_OF, teamId: 'south' }), code: 'FORBIDDEN' }],
    },
  },
  'rebalance.propose': {
    roles: ['admin', 'director', 'supervisor'],
    inScope: {
      default: [(w) => ({ teamId: w.a.north, asOf: AS_OF }), (w) => ({ teamId: w.a.north })],
      admin: [(w) => ({ teamId: w.a.south, asOf: AS_OF })],
    },
    outOfScope: {
      admin: [{ input: (w) => ({ teamId: w.b.east, asOf: AS_OF }), code: 'NOT_FOUND' }],
      director: [{ input: (w) => ({ teamId: w.b.east, asOf: AS_OF }), code: 'NOT_FOUND' }],
      supervisor: [
        { input: (w) => ({ teamId: w.a.south, asOf: AS_OF }), code: 'FORBIDDEN' },
        { input: (w) => ({ teamId: w.b.east, asOf: AS_OF }), code: 'FORBIDDEN' },
      ],
    },
  },
  'intake.rank': {
    roles: ['admin', 'director', 'program_manager', 'supervisor'],
    inScope: {
      default: [() => ({ programId: 'title3', expectedTier: 2, asOf: AS_OF })],
      admin: [
        () => ({ programId: 'waiver', expectedTier: 'unassessed', language: 'es', region: 'east', teamId: 'south', asOf: AS_OF }),
        () => ({ programId: 'title3', expectedTier: 4 }),
      ],
      supervisor: [() => ({ programId: 'waiver', expectedTier: 3, teamId: 'north', asOf: AS_OF })],
    },
    outOfScope: {
      admin: [
        { input: () => ({ programId: 'nope', expectedTier: 2, asOf: AS_OF }), code: 'BAD_REQUEST' },
        { input: () => ({ programId: 'title3', expectedTier: 5, asOf: AS_OF }), code: 'BAD_REQUEST' },
        { input: (w) => ({ programId: 'title3', expectedTier: 2, teamId: w.b.east, asOf: AS_OF }), code: 'BAD_REQUEST' },
      ],
      program_manager: [{ input: () => ({ programId: 'waiver', expectedTier: 2, asOf: AS_OF }), code: 'FORBIDDEN' }],
      supervisor: [{ input: () => ({ programId: 'title3', expectedTier: 2, teamId: 'south', asOf: AS_OF }), code: 'FORBIDDEN' }],
    },
  },
  'feedback.report': periodExpectation(STANDARD8_ROLES),
  'outcomes.report': periodExpectation(STANDARD8_ROLES),
  'providers.report': periodExpectation(STANDARD8_ROLES),
  'qa.report': periodExpectation(STANDARD8_ROLES),
  'feedback.comments': {
    roles: ['admin', 'director', 'program_manager'],
    inScope: {
      default: [() => PERIOD, () => ({ ...PERIOD, search: 'meals', limit: 10, offset: 0 })],
      admin: [() => ({ ...PERIOD, programId: 'waiver' })],
      program_manager: [() => PERIOD, () => ({ ...PERIOD, programId: 'title3' })],
    },
    outOfScope: {
      admin: [
        { input: () => ({ ...PERIOD, programId: 'nope' }), code: 'BAD_REQUEST' },
        { input: () => ({ ...PERIOD, limit: 0 }), code: 'BAD_REQUEST' },
      ],
      program_manager: [{ input: () => ({ ...PERIOD, programId: 'waiver' }), code: 'FORBIDDEN' }],
    },
  },
  'qa.actions': {
    roles: ['admin', 'director', 'program_manager', 'supervisor'],
    inScope: {
      default: [() => undefined, () => ({ asOf: AS_OF, status: 'all' })],
      admin: [(w) => ({ asOf: AS_OF, status: 'overdue', teamId: w.a.south, programId: 'waiver' })],
      program_manager: [() => ({ asOf: AS_OF }), () => ({ asOf: AS_OF, programId: 'title3', status: 'all' })],
      supervisor: [() => ({ asOf: AS_OF }), () => ({ asOf: AS_OF, teamId: 'north', status: 'overdue' })],
    },
    outOfScope: {
      admin: [
        { input: (w) => ({ asOf: AS_OF, teamId: w.b.east }), code: 'BAD_REQUEST' },
        { input: () => ({ asOf: AS_OF, status: 'closed' }), code: 'BAD_REQUEST' },
      ],
      director: [{ input: (w) => ({ asOf: AS_OF, teamId: w.b.east }), code: 'BAD_REQUEST' }],
      program_manager: [{ input: () => ({ asOf: AS_OF, programId: 'waiver' }), code: 'FORBIDDEN' }],
      supervisor: [{ input: () => ({ asOf: AS_OF, teamId: 'south' }), code: 'FORBIDDEN' }],
    },
  },
  'board.report': {
    roles: ['admin', 'director', 'board'],
    inScope: { default: [() => ({ from: '2024-10-01', to: '2024-12-31' }), () => PERIOD] },
    outOfScope: Object.fromEntries(
      (['admin', 'director', 'board'] as const).map((r) => [
        r,
        [
          { input: () => ({ from: AS_OF, to: '2024-11-01' }), code: 'BAD_REQUEST' as const },
          { input: () => ({ from: '2024-11-01', to: '2024-11-31' }), code: 'BAD_REQUEST' as const },
          // the staffing need section names a saved scenario of the caller's agency
          { input: () => ({ ...PERIOD, staffingScenario: 'no such scenario' }), code: 'NOT_FOUND' as const },
          { input: (w: World) => ({ ...PERIOD, teamId: w.a.north }), code: 'BAD_REQUEST' as const },
        ],
      ]),
    ),
  },
  'imports.history': {
    roles: ['admin', 'director'],
    inScope: { default: [() => undefined, () => ({ page: 2, pageSize: 10 }), () => ({ outcome: 'failed' })] },
    outOfScope: { admin: [{ input: () => ({ page: 0 }), code: 'BAD_REQUEST' }] },
  },
  'imports.profile': { roles: ['admin'], inScope: { default: [() => undefined] } },
  'imports.freshness': { roles: ALL, inScope: { default: [() => undefined] } },
  'imports.dataQuality': {
    roles: ['admin', 'director'],
    inScope: { default: [() => undefined, () => ({ asOf: AS_OF })] },
    outOfScope: { admin: [{ input: () => ({ asOf: '2025-02-30x' }), code: 'BAD_REQUEST' }] },
  },
  'imports.dataQualityIds': {
    roles: ['admin', 'director'],
    inScope: { default: [() => ({ check: 'unheldOver14Days', asOf: AS_OF })] },
    outOfScope: { admin: [{ input: () => ({ check: 'nothing' }), code: 'BAD_REQUEST' }] },
  },
  'imports.tokens': { roles: ['admin'], inScope: { default: [() => undefined] } },
  'imports.createToken': {
    roles: ['admin'],
    inScope: { default: [() => ({ label: 'nightly export job' })] },
    outOfScope: { admin: [{ input: () => ({ label: '  ' }), code: 'BAD_REQUEST' }] },
  },
  'imports.revokeToken': {
    roles: ['admin'],
    inScope: { default: [() => ({ tokenId: 'tok_none' })] },
    outOfScope: { admin: [{ input: () => ({ tokenId: '' }), code: 'BAD_REQUEST' }] },
  },
  'imports.saveProfile': {
    roles: ['admin'],
    inScope: {
      default: [
        () => ({
          profile: { name: 'p', files: { 'programs.csv': { source: 'Programs.csv', columns: { program_id: 'Code', name: 'Name' } } } },
        }),
      ],
    },
    outOfScope: {
      admin: [{ input: () => ({ profile: { name: 'p', files: { 'x.csv': { source: 'a.csv', columns: {} } } } }), code: 'BAD_REQUEST' }],
    },
  },
  'imports.previewMapping': {
    roles: ['admin'],
    inScope: {
      default: [
        () => ({
          target: 'programs.csv',
          header: ['Code', 'Name'],
          rows: [['P1', 'One']],
          mapping: { source: 'p.csv', columns: { program_id: 'Code', name: 'Name' } },
        }),
      ],
    },
    outOfScope: { admin: [{ input: () => ({ target: 'visits.csv', header: [], rows: [] }), code: 'BAD_REQUEST' }] },
  },
};

type ProcedureLike = { _def: { meta?: { access?: AccessRule } } };

/** What is wrong between a router and the expectations table (empty = they agree). */
function accessProblems(r: AnyRouter, expected: Record<string, Expectation>): string[] {
  const problems: string[] = [];
  const procedures = r._def.procedures as Record<string, ProcedureLike>;
  for (const [path, proc] of Object.entries(procedures)) {
    const rule = proc._def.meta?.access;
    const want = expected[path];
    if (!rule) problems.push(`${path}: no access rule`);
    if (!want) problems.push(`${path}: not in the expectations table`);
    if (rule && want) {
      if ([...rule.roles].sort().join() !== [...want.roles].sort().join()) {
        problems.push(`${path}: roles ${[...rule.roles].sort().join()} but expected ${[...want.roles].sort().join()}`);
      }
      if ((rule.reads ?? 'scoped') !== (want.reads ?? 'scoped')) problems.push(`${path}: reads ${rule.reads} but expected ${want.reads}`);
    }
  }
  for (const path of Object.keys(expected)) if (!(path in procedures)) problems.push(`${path}: expected but not in the router`);
  return problems;
}

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();
const CASES = PROCEDURES.flatMap((path) => USER_ROLES.map((role) => [path, role] as const));

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

describe.each(testDrivers())('access matrix on %s', (driver) => {
  let h: DbHandle;
  let w: World;
  const createCaller = createCallerFactory(appRouter);
  const call = (path: string, caller: Caller | null, input: unknown) => {
    const api = createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: AS_OF }) }));
    const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], api) as (i: unknown) => Promise<unknown>;
    return fn(input);
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the router and the expectations table agree, and every procedure has a rule', () => {
    expect(accessProblems(appRouter, EXPECTED)).toEqual([]);
  });

  test('a procedure without a rule, or missing from the table, is caught here and refused at run time', async () => {
    const scratch = router({ ...appRouter._def.record, scratch: router({ open: procedure.query(() => 'secret') }) });
    expect(accessProblems(scratch, EXPECTED)).toEqual(['scratch.open: no access rule', 'scratch.open: not in the expectations table']);
    const api = createCallerFactory(scratch)(
      createContextInner({ db: h.db, caller: w.a.users.admin, clock: createClock({ today: AS_OF }) }),
    );
    await expect(api.scratch.open()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  test.each(CASES)('%s × %s', async (path, role) => {
    const want = EXPECTED[path];
    expect(want, `${path} is missing from the expectations table`).toBeDefined();
    if (!want) return;
    const caller = w.a.users[role];
    const allowed = want.roles.includes(role);
    const inputs = allowed
      ? (want.inScope[role] ?? want.inScope.default ?? [])
      : (want.inScope.default ?? want.inScope.admin ?? []).slice(0, 1);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const got = await outcome(call(path, caller, await input(w, h.db)));
      expect(got, `${role} calling ${path} in scope`).toBe(allowed ? 'ok' : 'FORBIDDEN');
    }
    if (allowed) {
      for (const denial of want.outOfScope?.[role] ?? []) {
        const got = await outcome(call(path, caller, await denial.input(w, h.db)));
        expect(got, `${role} calling ${path} out of scope`).toBe(denial.code);
      }
    }
  });

  test.each(PROCEDURES)('%s refuses a caller without a session', async (path) => {
    const input = await (EXPECTED[path]?.inScope.default?.[0] ?? (() => undefined))(w, h.db);
    expect(await outcome(call(path, null, input))).toBe('UNAUTHORIZED');
  });

  test.each(PROCEDURES)('%s refuses a role it does not know', async (path) => {
    const input = await (EXPECTED[path]?.inScope.default?.[0] ?? (() => undefined))(w, h.db);
    const stranger: Caller = { ...w.a.users.admin, role: 'superuser' };
    expect(await outcome(call(path, stranger, input))).toBe('FORBIDDEN');
  });

  test.each(PROCEDURES)('%s refuses callers whose scope is empty, unless it reads only their account', async (path) => {
    const want = EXPECTED[path];
    if (!want) throw new Error(`${path} is missing from the expectations table`);
    const empties = [w.a.empty.pm, w.a.empty.supervisor, w.a.empty.cm].filter((c) => want.roles.includes(c.role as UserRole));
    for (const caller of empties) {
      const input = await (want.inScope.default?.[0] ?? (() => undefined))(w, h.db);
      const got = await outcome(call(path, caller, input));
      expect(got, `${caller.role} with an empty scope calling ${path}`).toBe(want.reads === 'account' ? 'ok' : 'FORBIDDEN');
    }
  });
});
