import { listUsers } from '@caseload/db';
import { USER_ROLES } from '@caseload/values';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { emailSchema, idSchema, passwordSchema } from '../schemas.ts';
import { createUser, resetUserPassword, setUserDisabledState } from '../services/users.ts';
import { access } from '../trpc.ts';

const userIdSchema = z.string().min(1).max(100);
const admin = access({ roles: ['admin'] });

export const usersRouter = {
  list: admin.query(({ ctx }) => listUsers(ctx.db, ctx.caller.agencyId)),

  create: admin
    .input(
      z.strictObject({
        email: emailSchema,
        role: z.enum(USER_ROLES, { error: `A role is one of ${USER_ROLES.join(', ')}.` }),
        teamIds: z.array(idSchema).max(500).default([]),
        programIds: z.array(idSchema).max(500).default([]),
        staffId: idSchema.nullable().default(null),
        password: passwordSchema,
      }),
    )
    .mutation(({ ctx, input }) =>
      createUser(ctx.db, ctx.caller.agencyId, input, { userId: ctx.caller.userId, actor: ctx.caller.email }, ctx.now()),
    ),

  setDisabled: admin
    .input(z.strictObject({ userId: userIdSchema, disabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setUserDisabledState(
        ctx.db,
        ctx.caller.agencyId,
        input.userId,
        input.disabled,
        { userId: ctx.caller.userId, actor: ctx.caller.email },
        ctx.now(),
      ),
    ),

  resetPassword: admin
    .input(z.strictObject({ userId: userIdSchema, password: passwordSchema }))
    .mutation(({ ctx, input }) =>
      resetUserPassword(
        ctx.db,
        ctx.caller.agencyId,
        input.userId,
        input.password,
        { userId: ctx.caller.userId, actor: ctx.caller.email },
        ctx.now(),
      ),
    ),
} satisfies TRPCRouterRecord;
