import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ABSENCE_TYPE_KEYS } from './defaults.js';
import { ABSENCE_TYPE_COLORS } from './palette.js';
import * as absenceTypes from './types.js';

const Name = z.string().trim().min(1).max(100);

const Settings = {
  name: z.strictObject({ de: Name, en: Name }),
  color: z.enum(ABSENCE_TYPE_COLORS).describe('One of the accessible palette (≥ 4.5:1 on white)'),
  deductsVacation: z.boolean().describe('Days are taken from the vacation entitlement'),
  creditsTarget: z
    .boolean()
    .describe(
      'The day’s target counts as worked (paid absence). With neither this nor ' +
        'deductsOvertime the target is waived (unpaid; the balance is untouched)',
    ),
  deductsOvertime: z
    .boolean()
    .describe('Gleittag: the day’s target is taken from the Gleitzeit balance'),
  needsApproval: z.boolean().describe('false: the absence is recorded, not requested'),
  halfDaysAllowed: z.boolean(),
  certificateAfterDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .nullable()
    .describe(
      'A certificate is due once the absence lasts more than this many calendar days ' +
        '(3: on day 4, EFZG §5; 0: from day 1); null: never',
    ),
  visibleToColleagues: z.boolean().describe('false: colleagues see only "abwesend", not the type'),
  sortOrder: z.number().int().min(0).max(100000),
};

const AbsenceTypeSchema = z
  .object({
    id: z.uuid(),
    key: z
      .enum(ABSENCE_TYPE_KEYS)
      .nullable()
      .describe('Stable code of a default type; null for a company’s own types'),
    name: z.object({ de: z.string(), en: z.string() }),
    color: z.enum(ABSENCE_TYPE_COLORS),
    deductsVacation: z.boolean(),
    creditsTarget: z.boolean(),
    deductsOvertime: z.boolean(),
    needsApproval: z.boolean(),
    halfDaysAllowed: z.boolean(),
    certificateAfterDays: z.number().int().nullable(),
    visibleToColleagues: z.boolean(),
    active: z.boolean(),
    sortOrder: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'AbsenceType' });

const AbsenceTypeId = z.strictObject({ id: z.uuid() });
const absenceTypeResource = { config: { resource: { id: 'absence_type' } } } as const;

export const absenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/absence-types',
    {
      schema: {
        tags: ['absences'],
        summary: 'Absence types of the own company, in display order',
        querystring: z.strictObject({
          includeInactive: z
            .enum(['true', 'false'])
            .optional()
            .transform((value) => value === 'true')
            .describe('Also list deactivated types (admins only)'),
        }),
        response: { 200: z.array(AbsenceTypeSchema) },
      },
    },
    async (request) =>
      absenceTypes.listAbsenceTypes(deps, request.actor, {
        includeInactive: request.query.includeInactive,
      }),
  );

  app.post(
    '/absence-types',
    {
      schema: {
        tags: ['absences'],
        summary: 'Add an absence type of the company’s own (admin)',
        body: z.strictObject({
          ...Settings,
          certificateAfterDays: Settings.certificateAfterDays.default(null),
          sortOrder: Settings.sortOrder.optional().describe('Default: after the last type'),
        }),
        response: { 201: AbsenceTypeSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await absenceTypes.createAbsenceType(deps, request.actor, request.body, request.ip)),
  );

  app.patch(
    '/absence-types/:id',
    {
      ...absenceTypeResource,
      schema: {
        tags: ['absences'],
        summary: 'Change an absence type (admin); every setting but the key',
        params: AbsenceTypeId,
        body: z.strictObject({
          name: z.strictObject({ de: Name.optional(), en: Name.optional() }).optional(),
          color: Settings.color.optional(),
          deductsVacation: Settings.deductsVacation.optional(),
          creditsTarget: Settings.creditsTarget.optional(),
          deductsOvertime: Settings.deductsOvertime.optional(),
          needsApproval: Settings.needsApproval.optional(),
          halfDaysAllowed: Settings.halfDaysAllowed.optional(),
          certificateAfterDays: Settings.certificateAfterDays.optional(),
          visibleToColleagues: Settings.visibleToColleagues.optional(),
          sortOrder: Settings.sortOrder.optional(),
        }),
        response: { 200: AbsenceTypeSchema },
      },
    },
    async (request) =>
      absenceTypes.updateAbsenceType(
        deps,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
      ),
  );

  for (const [verb, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/absence-types/:id/${verb}`,
      {
        ...absenceTypeResource,
        schema: {
          tags: ['absences'],
          summary: active
            ? 'Offer a deactivated absence type again (admin)'
            : 'Deactivate an absence type (admin); there is no deletion, absences keep their type',
          params: AbsenceTypeId,
          response: { 200: AbsenceTypeSchema },
        },
      },
      async (request) =>
        absenceTypes.setAbsenceTypeActive(
          deps,
          request.actor,
          request.params.id,
          active,
          request.ip,
        ),
    );
  }
};
