/**
 * Who hears of an absence and how (issue 5, item 7): a new request goes to the person's
 * approvers and the substitute, a decision to the person. Mails go through the outbox in the
 * transaction of the state change, in each recipient's language.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/types.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import type { AbsenceEvent } from '../../integrations/mail/templates.js';
import { reminderLocale } from '../time/reminders.js';

type Trx = Kysely<Database>;

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string;
}

/**
 * The people who decide on a person's absences: the managers of their team; when the team has
 * none (or the person has no team), the company's admins. Never the person themselves.
 * `adminsOnly`: the second stage of a long request.
 */
export async function approversOf(
  db: Trx,
  tenantId: string,
  person: { id: string; team_id: string | null },
  options: { adminsOnly?: boolean } = {},
): Promise<Recipient[]> {
  const select = ['users.id', 'users.email', 'users.name', 'users.locale'] as const;
  if (!options.adminsOnly && person.team_id !== null) {
    const managers = await db
      .selectFrom('team_managers')
      .innerJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'team_managers.user_id')
          .onRef('users.tenant_id', '=', 'team_managers.tenant_id'),
      )
      .select(select)
      .where('team_managers.tenant_id', '=', tenantId)
      .where('team_managers.team_id', '=', person.team_id)
      .where('users.status', '=', 'active')
      .where('users.id', '<>', person.id)
      .orderBy('users.id')
      .execute();
    if (managers.length > 0) return managers;
  }
  return db
    .selectFrom('users')
    .select(select)
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', '=', 'admin')
    .where('users.status', '=', 'active')
    .where('users.id', '<>', person.id)
    .orderBy('users.id')
    .execute();
}

export interface NoticeAbsence {
  id: string;
  /** Whose absence it is: they get the link to their own absences. */
  userId: string;
  tenantId: string;
  from: string;
  to: string | null;
  days: number | null;
  personName: string;
  type: { name_de: string; name_en: string; visible_to_colleagues: boolean };
}

/** Where the mail's button leads: the person's own absences, the inbox for approvers. */
function linkFor(
  config: Pick<Config, 'frontendUrl'>,
  event: AbsenceEvent,
  absence: NoticeAbsence,
  recipientId: string,
): string {
  const forApprovers =
    recipientId !== absence.userId &&
    ['requested', 'recorded', 'reminder', 'cancel_requested', 'vacation_returned'].includes(event);
  return forApprovers
    ? `${config.frontendUrl}/approvals?absence=${absence.id}`
    : `${config.frontendUrl}/absences?absence=${absence.id}`;
}

/**
 * Queues one absence mail per recipient. `key` names this occurrence of the event (e.g. the
 * update's instant), so a retried transaction queues it once and a later repeat anew.
 */
export async function notify(
  trx: Trx,
  config: Pick<Config, 'frontendUrl'>,
  tenantLocale: string,
  absence: NoticeAbsence,
  event: AbsenceEvent,
  recipients: readonly Recipient[],
  key: string,
  comment?: string | null,
): Promise<void> {
  const seen = new Set<string>();
  for (const recipient of recipients) {
    if (seen.has(recipient.id)) continue;
    seen.add(recipient.id);
    const locale = reminderLocale(recipient.locale, tenantLocale);
    // The substitute is a colleague: a type hidden from colleagues (sickness) stays hidden.
    const hidden = event === 'substitute' && !absence.type.visible_to_colleagues;
    const typeName = hidden
      ? locale === 'de'
        ? 'Abwesenheit'
        : 'Absence'
      : locale === 'de'
        ? absence.type.name_de
        : absence.type.name_en;
    await queueMail(trx, {
      template: 'absence_notice',
      tenantId: absence.tenantId,
      userId: recipient.id,
      to: recipient.email,
      locale,
      idempotencyKey: `absence:${absence.id}:${event}:${recipient.id}:${key}`,
      data: {
        event,
        ...(recipient.name.trim() ? { name: recipient.name.trim() } : {}),
        personName: absence.personName,
        typeName,
        from: absence.from,
        to: absence.to,
        days: absence.days,
        ...(comment?.trim() ? { comment: comment.trim() } : {}),
        url: linkFor(config, event, absence, recipient.id),
      },
    });
  }
}
