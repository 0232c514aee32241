import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as users from './service.js';

const Day = z.iso.date();
const TenantRole = z.enum(['admin', 'manager', 'employee']);

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['super_admin', 'admin', 'manager', 'employee']),
    status: z.enum(['invited', 'active', 'disabled']),
    teamId: z.uuid().nullable(),
    teamName: z.string().nullable(),
    employeeNumber: z.string().nullable(),
    startDate: Day.nullable(),
    endDate: Day.nullable(),
    lastLoginAt: z.iso.datetime().nullable(),
    invitationExpiresAt: z.iso.datetime().nullable(),
    invitationMail: z
      .object({ status: z.enum(['pending', 'sent', 'failed']), error: z.string().nullable() })
      .nullable()
      .describe('Delivery of the newest invitation mail'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    memberCount: z.number().int(),
    managerIds: z.array(z.uuid()),
  })
  .meta({ id: 'Team' });

const UserId = z.strictObject({ id: z.uuid() });
const userResource = { config: { resource: { id: 'user' } } } as const;
const teamResource = { config: { resource: { id: 'team' } } } as const;

/** People and teams of the actor's company. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary:
          'People of the company (admins: all, managers: their teams, employees: themselves)',
        querystring: z.strictObject({
          search: z.string().trim().max(200).optional(),
          status: z.enum(['invited', 'active', 'disabled']).optional(),
          role: TenantRole.optional(),
          teamId: z.uuid().optional(),
        }),
        response: { 200: z.array(UserSchema) },
      },
    },
    async (request) => users.listUsers(deps, request.actor, request.query),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Invite a person by e-mail',
        body: z.strictObject({
          email: z.string().trim().max(254).pipe(z.email()),
          name: z.string().trim().min(1).max(200),
          role: TenantRole,
          teamId: z.uuid().nullable().optional(),
          employeeNumber: z.string().trim().min(1).max(50).nullable().optional(),
          startDate: Day.nullable().optional(),
          locale: z.enum(['de', 'en']).optional(),
        }),
        response: { 201: UserSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await users.inviteUser(deps, request.actor, request.body, request.ip)),
  );

  app.get(
    '/users/:id',
    {
      ...userResource,
      schema: {
        tags: ['users'],
        summary: 'One person',
        params: UserId,
        response: { 200: UserSchema },
      },
    },
    async (request) => users.getUser(deps, request.actor, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      ...userResource,
      schema: {
        tags: ['users'],
        summary: 'Change name, role, team, employee number or employment dates',
        params: UserId,
        body: z.strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          role: TenantRole.optional(),
          teamId: z.uuid().nullable().optional(),
          employeeNumber: z.string().trim().min(1).max(50).nullable().optional(),
          startDate: Day.nullable().optional(),
          endDate: Day.nullable().optional(),
        }),
        response: { 200: UserSchema },
      },
    },
    async (request) =>
      users.updateUser(deps, request.actor, request.params.id, request.body, request.ip),
  );

  for (const [path, active, summary] of [
    ['deactivate', false, 'Deactivate a person (ends all sessions)'],
    ['reactivate', true, 'Reactivate a person'],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      {
        ...userResource,
        schema: { tags: ['users'], summary, params: UserId, response: { 200: UserSchema } },
      },
      async (request) =>
        users.setUserActive(deps, request.actor, request.params.id, active, request.ip),
    );
  }

  app.post(
    '/users/:id/invitation',
    {
      ...userResource,
      schema: {
        tags: ['users'],
        summary: 'Send the invitation again (new link)',
        params: UserId,
        response: { 200: UserSchema },
      },
    },
    async (request) => users.resendInvitation(deps, request.actor, request.params.id, request.ip),
  );

  app.delete(
    '/users/:id/invitation',
    {
      ...userResource,
      schema: {
        tags: ['users'],
        summary: 'Withdraw an open invitation',
        params: UserId,
        response: { 200: UserSchema },
      },
    },
    async (request) => users.revokeInvitation(deps, request.actor, request.params.id, request.ip),
  );

  app.get(
    '/teams',
    {
      schema: {
        tags: ['users'],
        summary: 'Teams of the company',
        response: { 200: z.array(TeamSchema) },
      },
    },
    async (request) => users.listTeams(deps, request.actor),
  );

  app.post(
    '/teams',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a team',
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: TeamSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await users.createTeam(deps, request.actor, request.body.name, request.ip)),
  );

  app.patch(
    '/teams/:id',
    {
      ...teamResource,
      schema: {
        tags: ['users'],
        summary: 'Rename a team or set who leads it',
        params: UserId,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          managerIds: z.array(z.uuid()).max(20).optional(),
        }),
        response: { 200: TeamSchema },
      },
    },
    async (request) =>
      users.updateTeam(deps, request.actor, request.params.id, request.body, request.ip),
  );

  app.delete(
    '/teams/:id',
    {
      ...teamResource,
      schema: {
        tags: ['users'],
        summary: 'Delete an empty team',
        params: UserId,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await users.deleteTeam(deps, request.actor, request.params.id, request.ip);
      return reply.code(204).send(null);
    },
  );
};
