import type * as metrics from '@caseload/metrics';
import { expectTypeOf, test } from 'vitest';
import type { Standard8ReviewRow, Standard9ContactRow, Standard9ReductionRow } from '../src/index.ts';
import type { ContactMode, Database, GoalStatus, ReductionReason, WorkloadKind } from '../src/schema.ts';

/**
 * The database's value lists (its CHECK constraints) and the formulas' input rows name
 * the same things. The loaders return @caseload/metrics' row types, so a column the
 * formulas need cannot be left out; these checks keep the value lists in step, and fail
 * the typecheck (which `pnpm test` runs) when one side gains a value the other lacks.
 */
test('value lists of the schema are those the formulas know', () => {
  expectTypeOf<ContactMode>().toEqualTypeOf<metrics.ContactMode>();
  expectTypeOf<ReductionReason>().toEqualTypeOf<metrics.ReductionReason>();
  expectTypeOf<WorkloadKind>().toEqualTypeOf<metrics.WorkloadKind>();
  expectTypeOf<GoalStatus>().toEqualTypeOf<metrics.GoalStatusValue>();
});

test('loader rows are the formulas rows (the reduction adds only its note, never shown to the board)', () => {
  expectTypeOf<Standard9ContactRow>().toEqualTypeOf<metrics.ContactRow>();
  expectTypeOf<Omit<Standard9ReductionRow, 'note'>>().toEqualTypeOf<metrics.CapacityReductionRow>();
  expectTypeOf<Standard8ReviewRow>().toEqualTypeOf<metrics.QaReviewRow>();
});

test('columns the formulas read exist in the tables, with the same nullability', () => {
  type Cols<T extends keyof Database> = { [K in keyof Database[T]]: Database[T][K] };
  expectTypeOf<Cols<'contacts'>['mode']>().toEqualTypeOf<ContactMode>();
  expectTypeOf<Cols<'capacity_reductions'>['percent']>().toEqualTypeOf<number | null>();
  expectTypeOf<Cols<'staff'>['caseload_fte']>().toEqualTypeOf<metrics.StaffRow['caseloadFte']>();
});
