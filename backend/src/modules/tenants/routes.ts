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
    vacationDaysPerYear: z.number(),
    vacationOverBalance: z.enum(['warn', 'refuse']),
    secondApprovalMinDays: z.number().nullable(),
    carryOverExpiry: z.object({ month: z.number().int(), day: z.number().int() }),
    prorateEntryYear: z.boolean(),
    vacationNoticeMonth: z.number().int(),
    pendingReminderDays: z.number().int(),
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

/** Days of each month in a year without 29 February (the setting must hold in every year). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The company's absence and vacation rules; only the company's own admin changes them. */
const AbsenceSettingsChanges = {
  vacationDaysPerYear: z
    .number()
    .min(0)
    .max(365)
    .refine((n) => Number.isInteger(n * 2), 'in steps of half a day')
    .optional()
    .describe('Contract vacation days per year on a five-day week; people may have their own'),
  vacationOverBalance: z
    .enum(['warn', 'refuse'])
    .optional()
    .describe('A request beyond the vacation left: warn, or refuse it'),
  secondApprovalMinDays: z
    .number()
    .min(0.5)
    .max(365)
    .refine((n) => Number.isInteger(n * 2), 'in steps of half a day')
    .nullable()
    .optional()
    .describe('Requests of at least this many working days need an admin too; null: off'),
  carryOverExpiry: z
    .strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
    .superRefine((value, ctx) => {
      if (value.month === 2 && value.day === 29) {
        ctx.addIssue({
          code: 'custom',
          path: ['day'],
          message: '29 February does not exist every year; choose 28 February or 1 March instead',
        });
      } else if (value.day > DAYS_IN_MONTH[value.month - 1]!) {
        ctx.addIssue({
          code: 'custom',
          path: ['day'],
          message: `month ${value.month} has only ${DAYS_IN_MONTH[value.month - 1]} days`,
        });
      }
    })
    .optional()
    .describe('Day of the following year on which carried-over vacation expires (31 March)'),
  prorateEntryYear: z
    .boolean()
    .optional()
    .describe('Pro-rate the entry year by full months even when the waiting period ends in it'),
  vacationNoticeMonth: z
    .number()
    .int()
    .min(1)
    .max(12)
    .optional()
    .describe('Month in which people are asked by mail to take their remaining vacation'),
  pendingReminderDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .optional()
    .describe('Approvers are reminded of requests pending longer than this many days'),
};

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
        summary: 'Change the own company settings, absence and vacation rules included (admin)',
        body: SettingsChanges.extend(AbsenceSettingsChanges),
        response: { 200: TenantSchema },
      },
    },
    async (request) => tenants.updateOwnTenant(deps, request.actor, request.body, request.ip),
  );
};
