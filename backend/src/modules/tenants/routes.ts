import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BUNDESLAENDER } from '../../domain/holidays.js';
import * as tenants from './service.js';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('de-DE', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const Settings = {
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  holidayRegion: z.enum(BUNDESLAENDER),
  holidaySubregion: z.string().trim().min(1).max(20).nullable(),
  locale: z.enum(['de', 'en']),
  editWindowDays: z.number().int().min(0).max(366),
  runningReminderHours: z.number().int().min(1).max(48),
};

const TenantSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string(),
    holidayRegion: z.string(),
    holidaySubregion: z.string().nullable(),
    locale: z.enum(['de', 'en']),
    editWindowDays: z.number().int(),
    runningReminderHours: z.number().int(),
    status: z.enum(['active', 'disabled']),
    createdAt: z.iso.datetime(),
    counts: z.object({
      active: z.number().int(),
      invited: z.number().int(),
      disabled: z.number().int(),
    }),
  })
  .meta({ id: 'Tenant' });

const TenantId = z.strictObject({ id: z.uuid() });
const tenantResource = { config: { resource: { id: 'tenant' } } } as const;
const SettingsChanges = z.strictObject({
  name: Settings.name.optional(),
  timeZone: Settings.timeZone.optional(),
  holidayRegion: Settings.holidayRegion.optional(),
  holidaySubregion: Settings.holidaySubregion.optional(),
  locale: Settings.locale.optional(),
  editWindowDays: Settings.editWindowDays.optional(),
  runningReminderHours: Settings.runningReminderHours.optional(),
});

export const tenantRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'All companies (super-admin)',
        response: { 200: z.array(TenantSchema) },
      },
    },
    async (request) => tenants.listTenants(deps, request.actor),
  );

  app.post(
    '/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Create a company and invite its first admin (super-admin)',
        body: z.strictObject({
          name: Settings.name,
          timeZone: Settings.timeZone.default('Europe/Berlin'),
          holidayRegion: Settings.holidayRegion,
          holidaySubregion: Settings.holidaySubregion.default(null),
          locale: Settings.locale.default('de'),
          firstAdmin: z.strictObject({
            email: z.string().trim().max(254).pipe(z.email()),
            name: z.string().trim().min(1).max(200),
          }),
        }),
        response: { 201: TenantSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await tenants.createTenant(deps, request.actor, request.body, request.ip)),
  );

  app.get(
    '/tenants/:id',
    {
      ...tenantResource,
      schema: {
        tags: ['tenants'],
        summary: 'One company (super-admin)',
        params: TenantId,
        response: { 200: TenantSchema },
      },
    },
    async (request) => tenants.getTenant(deps, request.actor, request.params.id),
  );

  app.patch(
    '/tenants/:id',
    {
      ...tenantResource,
      schema: {
        tags: ['tenants'],
        summary: 'Change a company (super-admin)',
        params: TenantId,
        body: SettingsChanges,
        response: { 200: TenantSchema },
      },
    },
    async (request) =>
      tenants.updateTenant(deps, request.actor, request.params.id, request.body, request.ip),
  );

  for (const [path, active, summary] of [
    ['deactivate', false, 'Deactivate a company: nobody of it can sign in (super-admin)'],
    ['reactivate', true, 'Reactivate a company (super-admin)'],
  ] as const) {
    app.post(
      `/tenants/:id/${path}`,
      {
        ...tenantResource,
        schema: { tags: ['tenants'], summary, params: TenantId, response: { 200: TenantSchema } },
      },
      async (request) =>
        tenants.setTenantActive(deps, request.actor, request.params.id, active, request.ip),
    );
  }

  app.get(
    '/company',
    { schema: { tags: ['tenants'], summary: 'The own company', response: { 200: TenantSchema } } },
    async (request) => tenants.ownTenant(deps, request.actor),
  );

  app.patch(
    '/company',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Change the own company settings (admin)',
        body: SettingsChanges,
        response: { 200: TenantSchema },
      },
    },
    async (request) => tenants.updateOwnTenant(deps, request.actor, request.body, request.ip),
  );
};
