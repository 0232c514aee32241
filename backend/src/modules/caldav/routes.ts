import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEST_STEPS, testCaldavConnection } from './connection-test.js';
import { getCaldavSettings, updateCaldavSettings } from './settings.js';
import { listCaldavEvents, resyncAll } from './status.js';

const Words = z.object({ de: z.string(), en: z.string() });
/** A sync error in the UI's two languages. */
const LocalizedError = Words.nullable().describe('The last failure in German and English');

const CaldavSettingsSchema = z
  .object({
    url: z.string().describe('The calendar collection URL; empty when not configured'),
    username: z.string(),
    passwordSet: z.boolean().describe('An app password is stored (it is never returned)'),
    enabled: z.boolean(),
    titleTemplate: z.string(),
    privacy: z.enum(['type', 'absent']),
    syncedTypeIds: z.array(z.uuid()),
    lastSyncAt: z.iso.datetime().nullable(),
    lastError: LocalizedError,
    updatedAt: z.iso.datetime().nullable(),
    events: z
      .object({ synced: z.number().int(), pending: z.number().int(), error: z.number().int() })
      .describe('How many absences’ events are in each sync state'),
  })
  .meta({ id: 'CaldavSettings' });

const EventState = z.enum(['pending', 'synced', 'error']);

const CaldavEventSchema = z
  .object({
    absenceId: z.uuid(),
    userId: z.uuid(),
    userName: z.string(),
    type: z.object({ id: z.uuid(), name: z.object({ de: z.string(), en: z.string() }) }),
    from: z.iso.date(),
    to: z.iso.date().nullable(),
    absenceStatus: z.string().describe('The absence’s status now; the event follows it'),
    state: EventState.describe(
      'synced: the calendar matches; pending: not yet (queued or retrying); error: a person has to act',
    ),
    inCalendar: z
      .boolean()
      .describe('The event is in the calendar (false: removed or never written)'),
    lastError: LocalizedError,
    attempts: z.number().int().describe('Failed runs since the last success'),
    syncedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CaldavEvent' });

const Url = z.string().trim().max(2000);
const Username = z.string().trim().max(200);
const Password = z
  .string()
  .min(1)
  .max(500)
  .describe('The app password; omit to keep the stored one');

const ConnectionTestSchema = z
  .object({
    ok: z.boolean(),
    steps: z.array(
      z.object({
        step: z.enum(TEST_STEPS),
        status: z.enum(['ok', 'failed', 'skipped']),
        code: z.string().optional().describe('Stable reason of the failure'),
        message: Words.optional().describe('What is wrong, in plain German and English'),
      }),
    ),
    calendarName: z.string().nullable(),
  })
  .meta({ id: 'CaldavConnectionTest' });

export const caldavRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/caldav/settings',
    {
      schema: {
        tags: ['caldav'],
        summary: 'The company’s CalDAV connection and sync status (admin); never the password',
        response: { 200: CaldavSettingsSchema },
      },
    },
    async (request) => getCaldavSettings(deps, request.actor),
  );

  app.put(
    '/caldav/settings',
    {
      schema: {
        tags: ['caldav'],
        summary: 'Replace the CalDAV settings (admin); the password is kept when omitted',
        body: z.strictObject({
          url: Url.describe(
            'e.g. https://cloud.example.com/remote.php/dav/calendars/USER/KALENDER/; may be empty while sync is off',
          ),
          username: Username,
          password: Password.optional(),
          enabled: z.boolean(),
          titleTemplate: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe('{name} is the person, {type} the absence type (or "Abwesend")'),
          privacy: z
            .enum(['type', 'absent'])
            .describe('type: the title names the absence type; absent: only "Abwesend"'),
          syncedTypeIds: z.array(z.uuid()).max(100).describe('Absence types that are synced'),
          deleteEvents: z
            .boolean()
            .optional()
            .describe(
              'When this switches sync off: also delete the events written so far (default: keep them)',
            ),
        }),
        response: { 200: CaldavSettingsSchema },
      },
    },
    async (request) => updateCaldavSettings(deps, request.actor, request.body, request.ip),
  );

  app.post(
    '/caldav/test',
    {
      schema: {
        tags: ['caldav'],
        summary:
          'Test a CalDAV connection step by step (admin): URL, DNS, address policy, connection, ' +
          'sign-in, calendar, write permission; changes nothing',
        body: z.strictObject({
          url: Url.min(1),
          username: Username,
          password: Password.optional().describe('Omit to test with the stored password'),
        }),
        response: { 200: ConnectionTestSchema },
      },
    },
    async (request) => testCaldavConnection(deps, request.actor, request.body),
  );

  app.get(
    '/caldav/events',
    {
      schema: {
        tags: ['caldav'],
        summary: 'The sync state of absences’ calendar events (admin), most recently changed first',
        querystring: z.strictObject({
          state: EventState.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.array(CaldavEventSchema) },
      },
    },
    async (request) => listCaldavEvents(deps, request.actor, request.query),
  );

  app.post(
    '/caldav/resync',
    {
      schema: {
        tags: ['caldav'],
        summary:
          'Sync every absence again (admin): one job per absence whose event may differ; audited',
        response: { 200: z.object({ queued: z.number().int() }) },
      },
    },
    async (request) => resyncAll(deps, request.actor, request.ip),
  );
};
