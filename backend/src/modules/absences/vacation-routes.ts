import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as vacation from './vacation-service.js';

const Day = z.iso.date();
const Year = z.coerce.number().int().min(2000).max(2100);
const Reason = z.string().trim().min(1).max(500);

/** Whole hundredths: what the accounts store (numeric(5, 2)). */
const hundredths = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;

const Rule = z.enum([
  'not_employed',
  'full_year',
  'partial_waiting_period_not_met',
  'partial_left_before_waiting_period',
  'partial_left_first_half',
  'partial_entry_year_by_contract',
]);

const Totals = z
  .object({
    entitlement: z.number(),
    carriedOver: z.number(),
    adjustments: z.number(),
    taken: z.number(),
    planned: z.number(),
    expired: z.number(),
    remaining: z.number(),
  })
  .describe('entitlement + carriedOver + adjustments − taken − planned − expired = remaining')
  .meta({ id: 'VacationTotals' });

const PersonRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

const AccountSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    today: Day,
    sentence: z
      .object({
        remaining: z.number(),
        carriedOverRemaining: z.number(),
        expiresOn: Day.nullable(),
      })
      .describe('"Es verbleiben 14 Urlaubstage, davon 5 Resturlaub – verfällt am 31.03."'),
    totals: Totals,
    entitlement: z.object({
      days: z.number().describe('The entitlement in effect: the override, else the computed one'),
      computed: z.object({
        days: z.number(),
        rule: Rule.describe('Which part of BUrlG decided the year'),
        months: z.number().int().nullable().describe('Full months under a partial rule'),
        workingDaysPerWeek: z.number(),
        fullYear: z.number().describe('Contract days converted to the person’s working week'),
        exact: z.number(),
        statutoryMinimum: z.number(),
        contractDays: z.number(),
        contractSource: z.enum(['person', 'company']),
      }),
      override: z
        .object({
          days: z.number(),
          reason: z.string(),
          setBy: PersonRef,
          setAt: z.iso.datetime(),
        })
        .nullable(),
    }),
    adjustments: z.array(
      z.object({
        id: z.uuid(),
        days: z.number(),
        reason: z.string(),
        createdBy: PersonRef.describe('null: booked by the year-end job'),
        createdAt: z.iso.datetime(),
      }),
    ),
    carriedOver: z.array(
      z.object({
        fromYear: z.number().int(),
        days: z.number(),
        used: z.number(),
        expired: z.number(),
        remaining: z.number(),
        expiresOn: Day.nullable().describe('null: does not expire'),
      }),
    ),
    expiring: z.array(z.object({ expiresOn: Day, days: z.number() })),
    absences: z.array(
      z.object({
        id: z.uuid(),
        typeId: z.uuid(),
        startDay: Day,
        endDay: Day.nullable(),
        halfDayStart: z.boolean(),
        halfDayEnd: z.boolean(),
        status: z.string(),
        days: z.number().describe('Vacation days of this absence in the year'),
        taken: z.number(),
        planned: z.number(),
      }),
    ),
  })
  .meta({ id: 'VacationAccount' });

const EntitlementRowSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    teamId: z.uuid().nullable(),
    teamName: z.string().nullable(),
    status: z.enum(['invited', 'active', 'disabled']),
    startDate: Day.nullable(),
    endDate: Day.nullable(),
    contractDays: z.number(),
    contractSource: z.enum(['person', 'company']),
    computed: z.number(),
    rule: Rule,
    override: z.object({ days: z.number(), reason: z.string() }).nullable(),
    totals: Totals,
  })
  .meta({ id: 'VacationEntitlementRow' });

const EntitlementParams = z.strictObject({ userId: z.uuid(), year: Year });
const entitlementResource = {
  config: { resource: { userId: 'user', year: 'year' } },
} as const;

export const vacationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/vacation/account',
    {
      schema: {
        tags: ['vacation'],
        summary:
          'A vacation account (Urlaubskonto) with the explanation of every figure ' +
          '(own; managers: their teams; admins: everyone)',
        querystring: z.strictObject({
          userId: z.uuid().optional().describe('Default: the signed-in person'),
          year: Year.optional().describe('Default: the current year in the company’s zone'),
        }),
        response: { 200: AccountSchema },
      },
    },
    async (request) => vacation.explainAccount(deps, request.actor, request.query),
  );

  app.get(
    '/vacation/entitlements',
    {
      schema: {
        tags: ['vacation'],
        summary: 'Vacation entitlements of a year, one row per person (admins; managers: teams)',
        querystring: z.strictObject({
          year: Year.optional().describe('Default: the current year in the company’s zone'),
          teamId: z.uuid().optional(),
        }),
        response: {
          200: z.object({ year: z.number().int(), people: z.array(EntitlementRowSchema) }),
        },
      },
    },
    async (request) => vacation.listEntitlements(deps, request.actor, request.query),
  );

  app.put(
    '/vacation/entitlements/:userId/:year',
    {
      ...entitlementResource,
      schema: {
        tags: ['vacation'],
        summary: 'Set a person’s entitlement for a year by hand, with a reason (admin)',
        params: EntitlementParams,
        body: z.strictObject({
          days: z.number().min(0).max(365).refine(hundredths, 'at most two decimal places'),
          reason: Reason,
        }),
        response: { 200: EntitlementRowSchema },
      },
    },
    async (request) =>
      vacation.setEntitlementOverride(
        deps,
        request.actor,
        request.params.userId,
        request.params.year,
        request.body,
        request.ip,
      ),
  );

  app.delete(
    '/vacation/entitlements/:userId/:year',
    {
      ...entitlementResource,
      schema: {
        tags: ['vacation'],
        summary: 'Remove the entitlement set by hand: the computed one applies again (admin)',
        params: EntitlementParams,
        response: { 200: EntitlementRowSchema },
      },
    },
    async (request) =>
      vacation.removeEntitlementOverride(
        deps,
        request.actor,
        request.params.userId,
        request.params.year,
        request.ip,
      ),
  );

  app.post(
    '/vacation/adjustments',
    {
      schema: {
        tags: ['vacation'],
        summary: 'Correct a vacation account by days (Korrektur), with a reason (admin)',
        body: z.strictObject({
          userId: z.uuid(),
          year: z.number().int().min(2000).max(2100),
          days: z
            .number()
            .min(-365)
            .max(365)
            .refine((d) => d !== 0, 'a correction of 0 days changes nothing')
            .refine((d) => Number.isInteger(d * 2), 'in steps of half a day'),
          reason: Reason,
        }),
        response: { 201: EntitlementRowSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await vacation.addAdjustment(deps, request.actor, request.body, request.ip)),
  );

  app.put(
    '/vacation/contracts/:userId',
    {
      config: { resource: { userId: 'user' } },
      schema: {
        tags: ['vacation'],
        summary: 'Set a person’s contract vacation days per year (admin); null: the company’s',
        params: z.strictObject({ userId: z.uuid() }),
        body: z.strictObject({
          daysPerYear: z
            .number()
            .min(0)
            .max(365)
            .refine(hundredths, 'at most two decimal places')
            .nullable()
            .describe('Days per year on a five-day week; null: the company’s default'),
        }),
        response: {
          200: z.object({
            userId: z.uuid(),
            daysPerYear: z.number().nullable(),
            effectiveDays: z.number(),
          }),
        },
      },
    },
    async (request) =>
      vacation.setContractDays(
        deps,
        request.actor,
        request.params.userId,
        request.body.daysPerYear,
        request.ip,
      ),
  );
};
