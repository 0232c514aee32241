/**
 * "Verbindung testen": walks the path a sync would take, one step at a time, and stops at the
 * first that fails, saying what is wrong in plain words (UX.md Einstellungen → CalDAV):
 * URL form → DNS → SSRF policy → TCP/TLS → sign-in → calendar collection → write permission.
 * The write test PUTs a probe event and DELETEs it again.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { CaldavError, Words } from '../../integrations/caldav/client.js';
import {
  CaldavError as CaldavErrorClass,
  createCaldavClient,
  fromOutbound,
} from '../../integrations/caldav/client.js';
import { eventUid, renderAbsenceEvent, resourceName } from '../../integrations/caldav/ical.js';
import { OutboundError } from '../../integrations/outbound/http.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { storedPassword, urlProblem } from './settings.js';

export const TEST_STEPS = ['url', 'dns', 'policy', 'connect', 'auth', 'calendar', 'write'] as const;
export type TestStep = (typeof TEST_STEPS)[number];

export interface StepResult {
  step: TestStep;
  status: 'ok' | 'failed' | 'skipped';
  /** Why it failed (the first failed step only). */
  code?: string;
  message?: Words;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: StepResult[];
  /** The calendar's display name, when the server gives one. */
  calendarName: string | null;
}

/** Which step a failure of the collection PROPFIND belongs to. */
function stepOf(error: CaldavError): TestStep {
  const steps: Partial<Record<CaldavError['code'], TestStep>> = {
    invalid_url: 'url',
    dns: 'dns',
    blocked: 'policy',
    connect: 'connect',
    tls: 'connect',
    timeout: 'connect',
    auth_rejected: 'auth',
  };
  // Everything else is an answer about the collection: wrong path, no calendar, no permission…
  return steps[error.code] ?? 'calendar';
}

/**
 * Tests the given connection data (the form's, saved or not). Without a password the stored one
 * is used. Answers with every step's result; changes nothing.
 */
/** Connection tests per company: plenty for fixing a typo or two, few for a scan. */
export const CONNECTION_TEST_LIMIT = { max: 30, windowSeconds: 600 };

export async function testCaldavConnection(
  deps: Deps,
  actor: Actor,
  input: { url: string; username: string; password?: string },
): Promise<ConnectionTestResult> {
  authorize(actor, 'caldav.manage');
  const tenantId = tenantOf(actor);
  // Each test reaches out to an address an admin typed: bounded per company, so the button
  // cannot be used to probe the internet from this server at speed.
  const decision = await deps.rateLimiter.hit(`caldav-test:${tenantId}`, CONNECTION_TEST_LIMIT);
  if (!decision.allowed) {
    throw new AppError('RATE_LIMITED', undefined, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const results = new Map<TestStep, StepResult>();
  let calendarName: string | null = null;
  const finish = (failed?: { step: TestStep; code: string; message: Words }) => {
    if (failed)
      results.set(failed.step, {
        step: failed.step,
        status: 'failed',
        code: failed.code,
        message: failed.message,
      });
    const steps = TEST_STEPS.map(
      (step) => results.get(step) ?? { step, status: 'skipped' as const },
    );
    return { ok: !failed, steps, calendarName };
  };
  const pass = (...steps: TestStep[]) => {
    for (const step of steps) results.set(step, { step, status: 'ok' });
  };
  const fail = (error: CaldavError) =>
    finish({ step: stepOf(error), code: error.code, message: error.words });

  const problem = urlProblem(input.url);
  if (problem)
    return finish({
      step: 'url',
      code: 'invalid_url',
      message: {
        de: `Die Adresse ist ungültig: ${problem}`,
        en: `The address is invalid: ${problem}`,
      },
    });
  pass('url');

  // DNS and policy now, so the answer can tell them apart; the connection checks both again
  // (the name might resolve differently a moment later).
  try {
    await deps.outbound.precheck(input.url);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const caldavError = fromOutbound(error);
    if (stepOf(caldavError) === 'policy') pass('dns');
    return fail(caldavError);
  }
  pass('dns', 'policy');

  const password = input.password ?? (await storedPassword(deps, tenantId));
  if (password === null)
    return finish({
      step: 'auth',
      code: 'no_password',
      message: {
        de: 'Kein App-Passwort gespeichert: bitte eintragen.',
        en: 'No app password stored: please enter one.',
      },
    });
  const client = createCaldavClient(deps.outbound, {
    collectionUrl: input.url,
    username: input.username,
    password,
  });

  try {
    calendarName = (await client.checkCollection()).displayName;
  } catch (error) {
    if (!(error instanceof CaldavErrorClass)) throw error;
    const step = stepOf(error);
    if (step === 'auth') pass('connect');
    if (step === 'calendar') pass('connect', 'auth');
    return fail(error);
  }
  pass('connect', 'auth', 'calendar');

  const probeUid = eventUid(
    `verbindungstest-${randomUUID()}`,
    deps.config.allowedHosts[0] ?? 'localhost',
  );
  const probe = resourceName(probeUid);
  const today = deps.clock().toISOString().slice(0, 10);
  try {
    await client.putEvent(
      probe,
      renderAbsenceEvent({
        uid: probeUid,
        summary: 'TimeMaster Verbindungstest',
        from: today,
        to: today,
        halfDayStart: false,
        halfDayEnd: false,
        timeZone: 'UTC',
        stamp: deps.clock(),
      }),
    );
    await client.deleteEvent(probe);
  } catch (error) {
    if (!(error instanceof CaldavErrorClass)) throw error;
    return finish({ step: 'write', code: error.code, message: error.words });
  }
  pass('write');
  return finish();
}
