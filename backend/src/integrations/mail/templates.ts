/**
 * The mails the app sends, in German (default, informal "du") and English. Each template has a
 * zod schema for its variables (checked when the mail is queued and again when it is rendered)
 * and one list of blocks that both the HTML and the plain-text part are built from, so the two
 * cannot say different things. Every value put into HTML goes through `escapeHtml`.
 */
import { z } from 'zod';

export type MailLocale = 'de' | 'en';
export const mailLocales = ['de', 'en'] as const satisfies readonly MailLocale[];

/** Installation-wide names shown in every mail (APP_NAME, EMAIL_FROM_NAME). */
export interface MailBranding {
  appName: string;
  fromName: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Mails are about one company in Germany; its users read times in German time. */
const MAIL_TIME_ZONE = 'Europe/Berlin';

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'button'; label: string; url: string }
  /** Smaller print: validity, "ignore this if it was not you". */
  | { kind: 'note'; text: string };

interface MailContent {
  subject: string;
  /** The line mail clients show next to the subject in the inbox. */
  preheader: string;
  greeting: string;
  blocks: Block[];
}

const name = z.string().trim().min(1).max(200);
/** Only http(s) links: a `javascript:` URL in a mail would be a trap. */
const link = z.url({ protocol: /^https?$/ }).max(2_000);
/** A Date when queued in code; an ISO string once it has been stored as JSON. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

/** A calendar day 'YYYY-MM-DD' (already a local day of the company). */
const day = z.iso.date();

const roles = ['admin', 'manager', 'employee'] as const;

/** What an absence mail tells: to approvers, to the substitute, or to the person. */
export const ABSENCE_EVENTS = [
  'requested',
  'substitute',
  'recorded',
  'reminder',
  'pre_approved',
  'approved',
  'rejected',
  'cancelled',
  'cancel_requested',
  'cancel_refused',
  'vacation_returned',
] as const;
export type AbsenceEvent = (typeof ABSENCE_EVENTS)[number];
type InvitedRole = (typeof roles)[number];

const schemas = {
  invitation: z.strictObject({
    inviterName: name,
    companyName: name,
    role: z.enum(roles),
    acceptUrl: link,
    expiresAt: instant,
  }),
  password_reset: z.strictObject({
    name,
    resetUrl: link,
    validMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  }),
  welcome: z.strictObject({
    name,
    companyName: name,
    appUrl: link,
  }),
  password_changed: z.strictObject({
    name,
    changedAt: instant,
    resetUrl: link,
  }),
  running_entry_reminder: z.strictObject({
    /** Optional: a person may not have entered a name; the greeting then has none. */
    name: name.optional(),
    startedAt: instant,
    /** Whole hours the entry has been running when the reminder was decided. */
    hours: z
      .number()
      .int()
      .min(1)
      .max(366 * 24),
    timesheetUrl: link,
  }),
  missing_entry_reminder: z.strictObject({
    name: name.optional(),
    day,
    timesheetUrl: link,
  }),
  // Absence requests and decisions (modules/absences/requests-mail.ts): one template, the event
  // says what happened and to whom it is told.
  absence_notice: z.strictObject({
    event: z.enum(ABSENCE_EVENTS),
    /** The recipient's name for the greeting (optional, as names are). */
    name: name.optional(),
    /** Whose absence it is. */
    personName: name,
    typeName: name,
    from: day,
    /** null: a sickness without a known end yet. */
    to: day.nullable(),
    /** Working days; null while the end is open. */
    days: z.number().min(0).max(366).nullable(),
    comment: z.string().trim().min(1).max(2000).optional(),
    url: link,
  }),
  // "Bitte nimm deinen Resturlaub": the yearly notice employers must send (BAG 9 AZR 541/15).
  vacation_notice: z.strictObject({
    name: name.optional(),
    year: z.number().int().min(2000).max(2100),
    remainingDays: z.number().positive().max(1000),
    /** The day the days left at the end of the year expire (the carry-over day). */
    expiresOn: day,
    accountUrl: link,
  }),
  // Sick notes (issue 5 item 6): the certificate of a sickness is due and none is uploaded.
  certificate_due_reminder: z.strictObject({
    name: name.optional(),
    /** First day of the sickness. */
    from: day,
    /** Day the certificate was due. */
    dueOn: day,
    uploadUrl: link,
  }),
};

export type MailTemplateName = keyof typeof schemas;
export const mailTemplateNames = Object.keys(schemas) as MailTemplateName[];
/** What a caller passes when queueing a mail of this template. */
export type MailTemplateInput<N extends MailTemplateName> = z.input<(typeof schemas)[N]>;
type Vars<N extends MailTemplateName> = z.output<(typeof schemas)[N]>;

export function isMailTemplateName(value: string): value is MailTemplateName {
  return Object.hasOwn(schemas, value);
}

/** The zod schema of a template's variables. */
export function mailTemplateSchema(template: MailTemplateName): z.ZodType {
  return schemas[template];
}

function formatInstant(date: Date, locale: MailLocale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: MAIL_TIME_ZONE,
    timeZoneName: 'short',
  }).format(date);
}

/**
 * A calendar day (already local) in the mail's language. The day string is not an instant: its
 * UTC midnight is formatted in UTC so no zone shifts it.
 */
function formatCalendarDay(
  value: string,
  locale: MailLocale,
  options: Intl.DateTimeFormatOptions,
): string {
  const [year, month, date] = value.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    ...options,
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, date)));
}

/** With its weekday: "Montag, 18. Mai 2026". */
function formatDay(value: string, locale: MailLocale): string {
  return formatCalendarDay(value, locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

function greeting(personName: string | undefined, locale: MailLocale): string {
  const hello = locale === 'de' ? 'Hallo' : 'Hello';
  return personName === undefined ? `${hello},` : `${hello} ${personName},`;
}

function hours(n: number, locale: MailLocale): string {
  if (locale === 'de') return `${n} ${n === 1 ? 'Stunde' : 'Stunden'}`;
  return `${n} ${n === 1 ? 'hour' : 'hours'}`;
}

function minutes(n: number, locale: MailLocale): string {
  if (locale === 'de') return `${n} ${n === 1 ? 'Minute' : 'Minuten'}`;
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}

/** A number of vacation days, "2,5 Urlaubstage" / "2.5 days of leave". */
function vacationDays(n: number, locale: MailLocale): string {
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    maximumFractionDigits: 2,
  }).format(n);
  if (locale === 'de') return `${number} ${n === 1 ? 'Urlaubstag' : 'Urlaubstage'}`;
  return `${number} ${n === 1 ? 'day' : 'days'} of leave`;
}

/** Without weekday: "31.03.2027" / "31 March 2027". */
function formatDate(value: string, locale: MailLocale): string {
  return formatCalendarDay(value, locale, {
    day: locale === 'de' ? '2-digit' : 'numeric',
    month: locale === 'de' ? '2-digit' : 'long',
    year: 'numeric',
  });
}

const roleLabels: Record<MailLocale, Record<InvitedRole, string>> = {
  de: { admin: 'Administrator*in', manager: 'Teamleitung', employee: 'Mitarbeiter*in' },
  en: { admin: 'administrator', manager: 'manager', employee: 'employee' },
};

type Builder<N extends MailTemplateName> = (vars: Vars<N>, brand: MailBranding) => MailContent;

/** "Mo, 3. März 2026 – Fr, 7. März 2026 (5 Arbeitstage)" and its English twin. */
function absenceRange(
  v: { from: string; to: string | null; days: number | null },
  locale: MailLocale,
): string {
  const from = formatDay(v.from, locale);
  if (v.to === null) return locale === 'de' ? `ab ${from} (Ende offen)` : `from ${from} (open end)`;
  const range = v.to === v.from ? from : `${from} – ${formatDay(v.to, locale)}`;
  if (v.days === null) return range;
  const days = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB').format(v.days);
  if (locale === 'de') return `${range} (${days} ${v.days === 1 ? 'Arbeitstag' : 'Arbeitstage'})`;
  return `${range} (${days} ${v.days === 1 ? 'working day' : 'working days'})`;
}

const absenceTexts: Record<
  MailLocale,
  Record<AbsenceEvent, { subject: string; text: string; button: string }>
> = {
  de: {
    requested: {
      subject: '{person} beantragt {type}',
      text: '{person} hat {type} beantragt: {range}. Bitte entscheide über den Antrag:',
      button: 'Antrag ansehen',
    },
    substitute: {
      subject: 'Du bist Vertretung für {person}',
      text: '{person} hat {type} beantragt und dich als Vertretung eingetragen: {range}.',
      button: 'Abwesenheit ansehen',
    },
    recorded: {
      subject: '{person}: {type} eingetragen',
      text: 'Für {person} wurde {type} eingetragen: {range}.',
      button: 'Abwesenheit ansehen',
    },
    reminder: {
      subject: 'Erinnerung: Antrag von {person} wartet auf dich',
      text: 'Der Antrag von {person} auf {type} wartet noch auf deine Entscheidung: {range}.',
      button: 'Jetzt entscheiden',
    },
    pre_approved: {
      subject: 'Dein Antrag auf {type} ist vorläufig genehmigt',
      text: 'Deine Teamleitung hat deinen Antrag auf {type} genehmigt: {range}. Weil er lang ist, entscheidet jetzt noch die Administration.',
      button: 'Antrag ansehen',
    },
    approved: {
      subject: 'Dein Antrag auf {type} ist genehmigt',
      text: 'Dein Antrag auf {type} ist genehmigt: {range}.',
      button: 'Abwesenheiten ansehen',
    },
    rejected: {
      subject: 'Dein Antrag auf {type} wurde abgelehnt',
      text: 'Dein Antrag auf {type} wurde abgelehnt: {range}.',
      button: 'Abwesenheiten ansehen',
    },
    cancelled: {
      subject: 'Deine Abwesenheit ({type}) ist storniert',
      text: 'Deine Abwesenheit ({type}) ist storniert: {range}. Die Tage zählen nicht mehr.',
      button: 'Abwesenheiten ansehen',
    },
    cancel_requested: {
      subject: '{person} möchte {type} stornieren',
      text: '{person} möchte die genehmigte Abwesenheit ({type}) stornieren: {range}. Bitte entscheide über die Stornierung:',
      button: 'Stornierung ansehen',
    },
    cancel_refused: {
      subject: 'Stornierung deiner Abwesenheit ({type}) abgelehnt',
      text: 'Die Stornierung deiner Abwesenheit ({type}) wurde abgelehnt; sie bleibt genehmigt: {range}.',
      button: 'Abwesenheiten ansehen',
    },
    vacation_returned: {
      subject: '{person}: Urlaubstage wegen Krankheit zurückgebucht',
      text: '{person} ist während des Urlaubs ({type}) erkrankt. Die Krankheitstage zählen nicht als Urlaub (§ 9 BUrlG) und sind dem Urlaubskonto wieder gutgeschrieben: {range}.',
      button: 'Abwesenheiten ansehen',
    },
  },
  en: {
    requested: {
      subject: '{person} requests {type}',
      text: '{person} has requested {type}: {range}. Please decide on the request:',
      button: 'View request',
    },
    substitute: {
      subject: 'You are the substitute for {person}',
      text: '{person} has requested {type} and named you as substitute: {range}.',
      button: 'View absence',
    },
    recorded: {
      subject: '{person}: {type} recorded',
      text: '{type} was recorded for {person}: {range}.',
      button: 'View absence',
    },
    reminder: {
      subject: 'Reminder: the request of {person} is waiting for you',
      text: 'The request of {person} for {type} is still waiting for your decision: {range}.',
      button: 'Decide now',
    },
    pre_approved: {
      subject: 'Your request for {type} is pre-approved',
      text: 'Your manager has approved your request for {type}: {range}. As it is a long one, an administrator decides next.',
      button: 'View request',
    },
    approved: {
      subject: 'Your request for {type} is approved',
      text: 'Your request for {type} is approved: {range}.',
      button: 'View absences',
    },
    rejected: {
      subject: 'Your request for {type} was rejected',
      text: 'Your request for {type} was rejected: {range}.',
      button: 'View absences',
    },
    cancelled: {
      subject: 'Your absence ({type}) is cancelled',
      text: 'Your absence ({type}) is cancelled: {range}. Its days no longer count.',
      button: 'View absences',
    },
    cancel_requested: {
      subject: '{person} wants to cancel {type}',
      text: '{person} wants to cancel the approved absence ({type}): {range}. Please decide on the cancellation:',
      button: 'View cancellation',
    },
    cancel_refused: {
      subject: 'Cancellation of your absence ({type}) refused',
      text: 'The cancellation of your absence ({type}) was refused; it stays approved: {range}.',
      button: 'View absences',
    },
    vacation_returned: {
      subject: '{person}: vacation days given back for sickness',
      text: '{person} fell sick during the vacation ({type}). The days of sickness do not count as vacation (§ 9 BUrlG) and are credited back to the vacation account: {range}.',
      button: 'View absences',
    },
  },
};

function absenceNotice(v: Vars<'absence_notice'>, locale: MailLocale): MailContent {
  const texts = absenceTexts[locale][v.event];
  const fill = (template: string) =>
    template
      .replaceAll('{person}', v.personName)
      .replaceAll('{type}', v.typeName)
      .replaceAll('{range}', absenceRange(v, locale));
  const blocks: Block[] = [{ kind: 'text', text: fill(texts.text) }];
  if (v.comment !== undefined)
    blocks.push({
      kind: 'text',
      text: locale === 'de' ? `Kommentar: „${v.comment}“` : `Comment: "${v.comment}"`,
    });
  blocks.push({ kind: 'button', label: texts.button, url: v.url });
  return {
    subject: fill(texts.subject),
    preheader: fill(texts.text),
    greeting: greeting(v.name, locale),
    blocks,
  };
}

const vacationNoticeBuilders: Record<MailLocale, Builder<'vacation_notice'>> = {
  de: (v, { appName }) => ({
    subject: `Bitte nimm deinen Resturlaub: noch ${vacationDays(v.remainingDays, 'de')} für ${v.year}`,
    preheader: `Nicht genommener Urlaub verfällt am ${formatDate(v.expiresOn, 'de')}.`,
    greeting: greeting(v.name, 'de'),
    blocks: [
      {
        kind: 'text',
        text: `laut ${appName} hast du für ${v.year} noch ${vacationDays(v.remainingDays, 'de')} übrig. Bitte plane und beantrage deinen Resturlaub rechtzeitig, damit du ihn auch nehmen kannst.`,
      },
      {
        kind: 'text',
        text: `Wichtig: Urlaub, den du bis zum Jahresende nicht nimmst, wird ins nächste Jahr übertragen und verfällt am ${formatDate(v.expiresOn, 'de')}, wenn du ihn bis dahin nicht genommen hast (§ 7 Abs. 3 BUrlG).`,
      },
      { kind: 'button', label: 'Urlaubskonto öffnen', url: v.accountUrl },
      {
        kind: 'note',
        text: 'Diese Erinnerung bekommst du einmal im Jahr; sie wird als Nachweis gespeichert. Hast du den Urlaub schon beantragt? Dann ist alles in Ordnung.',
      },
    ],
  }),
  en: (v, { appName }) => ({
    subject: `Please take your remaining leave: ${vacationDays(v.remainingDays, 'en')} left for ${v.year}`,
    preheader: `Leave not taken expires on ${formatDate(v.expiresOn, 'en')}.`,
    greeting: greeting(v.name, 'en'),
    blocks: [
      {
        kind: 'text',
        text: `According to ${appName} you have ${vacationDays(v.remainingDays, 'en')} left for ${v.year}. Please plan and request your remaining leave in time so that you can take it.`,
      },
      {
        kind: 'text',
        text: `Important: leave you do not take by the end of the year is carried over and expires on ${formatDate(v.expiresOn, 'en')} if you have not taken it by then (§ 7 (3) BUrlG).`,
      },
      { kind: 'button', label: 'Open my leave account', url: v.accountUrl },
      {
        kind: 'note',
        text: 'You get this reminder once a year; it is kept as a record. Already requested your leave? Then everything is fine.',
      },
    ],
  }),
};

const builders: { [N in MailTemplateName]: Record<MailLocale, Builder<N>> } = {
  invitation: {
    de: (v, { appName }) => ({
      subject: `Einladung zu ${appName} bei ${v.companyName}`,
      preheader: `${v.inviterName} hat dich zu ${appName} eingeladen.`,
      greeting: 'Hallo,',
      blocks: [
        {
          kind: 'text',
          text: `${v.inviterName} hat dich eingeladen, ${appName} bei ${v.companyName} zu nutzen – als ${roleLabels.de[v.role]}. Mit ${appName} erfasst du deine Arbeitszeit und beantragst Abwesenheiten.`,
        },
        { kind: 'button', label: 'Einladung annehmen', url: v.acceptUrl },
        {
          kind: 'note',
          text: `Die Einladung gilt bis zum ${formatInstant(v.expiresAt, 'de')} und lässt sich nur einmal verwenden. Ist sie abgelaufen, kann deine Administration dir eine neue schicken.`,
        },
        {
          kind: 'note',
          text: 'Falls du diese Einladung nicht erwartet hast, kannst du diese E-Mail einfach ignorieren.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `Invitation to ${appName} at ${v.companyName}`,
      preheader: `${v.inviterName} has invited you to ${appName}.`,
      greeting: 'Hello,',
      blocks: [
        {
          kind: 'text',
          text: `${v.inviterName} has invited you to use ${appName} at ${v.companyName} as ${roleLabels.en[v.role]}. With ${appName} you record your working time and request absences.`,
        },
        { kind: 'button', label: 'Accept invitation', url: v.acceptUrl },
        {
          kind: 'note',
          text: `The invitation is valid until ${formatInstant(v.expiresAt, 'en')} and can be used only once. If it has expired, your administrator can send you a new one.`,
        },
        {
          kind: 'note',
          text: 'If you were not expecting this invitation, you can simply ignore this e-mail.',
        },
      ],
    }),
  },
  password_reset: {
    de: (v, { appName }) => ({
      subject: `Passwort zurücksetzen für ${appName}`,
      preheader: `Lege ein neues Passwort für ${appName} fest.`,
      greeting: `Hallo ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `jemand – hoffentlich du – hat angefordert, das Passwort deines ${appName}-Kontos zurückzusetzen. Über diesen Link legst du ein neues fest:`,
        },
        { kind: 'button', label: 'Neues Passwort festlegen', url: v.resetUrl },
        {
          kind: 'note',
          text: `Der Link ist ${minutes(v.validMinutes, 'de')} gültig und funktioniert nur einmal.`,
        },
        {
          kind: 'note',
          text: 'Wenn du das nicht warst, ignoriere diese E-Mail. Dein Passwort bleibt dann unverändert.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `Reset your ${appName} password`,
      preheader: `Choose a new password for ${appName}.`,
      greeting: `Hello ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `Someone – hopefully you – asked to reset the password of your ${appName} account. Use this link to choose a new one:`,
        },
        { kind: 'button', label: 'Choose a new password', url: v.resetUrl },
        {
          kind: 'note',
          text: `The link is valid for ${minutes(v.validMinutes, 'en')} and works only once.`,
        },
        {
          kind: 'note',
          text: 'If this was not you, ignore this e-mail. Your password stays unchanged.',
        },
      ],
    }),
  },
  welcome: {
    de: (v, { appName }) => ({
      subject: `Willkommen bei ${appName}`,
      preheader: `Dein Konto bei ${v.companyName} ist eingerichtet.`,
      greeting: `Hallo ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `willkommen bei ${appName}! Dein Konto bei ${v.companyName} ist eingerichtet. Ab jetzt erfasst du hier deine Arbeitszeit, beantragst Urlaub und behältst deine Salden im Blick.`,
        },
        { kind: 'button', label: `${appName} öffnen`, url: v.appUrl },
        {
          kind: 'note',
          text: 'Tipp: Speichere dir die Adresse als Lesezeichen, auch auf dem Handy – dann bist du mit einem Fingertipp beim Ein- und Ausstempeln.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `Welcome to ${appName}`,
      preheader: `Your account at ${v.companyName} is ready.`,
      greeting: `Hello ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `Welcome to ${appName}! Your account at ${v.companyName} is ready. From now on you record your working time, request leave and keep an eye on your balances here.`,
        },
        { kind: 'button', label: `Open ${appName}`, url: v.appUrl },
        {
          kind: 'note',
          text: 'Tip: bookmark the address, on your phone too – then clocking in and out is one tap away.',
        },
      ],
    }),
  },
  password_changed: {
    de: (v, { appName }) => ({
      subject: `Dein ${appName}-Passwort wurde geändert`,
      preheader: `Das Passwort deines ${appName}-Kontos wurde geändert.`,
      greeting: `Hallo ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `das Passwort deines ${appName}-Kontos wurde am ${formatInstant(v.changedAt, 'de')} geändert. Auf deinen anderen Geräten wirst du dabei abgemeldet.`,
        },
        { kind: 'text', text: 'Warst du das? Dann ist alles in Ordnung.' },
        {
          kind: 'text',
          text: 'Warst du das nicht? Dann setze dein Passwort sofort zurück und sag deiner Administration Bescheid.',
        },
        { kind: 'button', label: 'Passwort zurücksetzen', url: v.resetUrl },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `Your ${appName} password was changed`,
      preheader: `The password of your ${appName} account was changed.`,
      greeting: `Hello ${v.name},`,
      blocks: [
        {
          kind: 'text',
          text: `The password of your ${appName} account was changed on ${formatInstant(v.changedAt, 'en')}. You are signed out on your other devices.`,
        },
        { kind: 'text', text: 'Was this you? Then everything is fine.' },
        {
          kind: 'text',
          text: 'Was this not you? Then reset your password right away and tell your administrator.',
        },
        { kind: 'button', label: 'Reset password', url: v.resetUrl },
      ],
    }),
  },
  running_entry_reminder: {
    de: (v, { appName }) => ({
      subject: `Deine Zeiterfassung läuft seit ${hours(v.hours, 'de')} – hast du vergessen zu gehen?`,
      preheader: `Du bist seit ${formatInstant(v.startedAt, 'de')} eingestempelt.`,
      greeting: greeting(v.name, 'de'),
      blocks: [
        {
          kind: 'text',
          text: `deine Zeiterfassung in ${appName} läuft seit ${formatInstant(v.startedAt, 'de')}, also seit ${hours(v.hours, 'de')}. Falls du vergessen hast, dich abzumelden, trag bitte die richtige Endzeit nach:`,
        },
        { kind: 'button', label: 'Zeiten korrigieren', url: v.timesheetUrl },
        {
          kind: 'note',
          text: 'Arbeitest du wirklich noch? Dann ist alles in Ordnung – denk nur an deine Pausen. Für diesen Eintrag bekommst du keine weitere Erinnerung.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `Your time recording has been running for ${hours(v.hours, 'en')} – did you forget to clock out?`,
      preheader: `You have been clocked in since ${formatInstant(v.startedAt, 'en')}.`,
      greeting: greeting(v.name, 'en'),
      blocks: [
        {
          kind: 'text',
          text: `Your time recording in ${appName} has been running since ${formatInstant(v.startedAt, 'en')}, that is for ${hours(v.hours, 'en')}. If you forgot to clock out, please enter the correct end time:`,
        },
        { kind: 'button', label: 'Fix my times', url: v.timesheetUrl },
        {
          kind: 'note',
          text: 'Still working? Then everything is fine – just remember your breaks. You will not get another reminder for this entry.',
        },
      ],
    }),
  },
  missing_entry_reminder: {
    de: (v, { appName }) => ({
      subject: `Für ${formatDay(v.day, 'de')} fehlt deine Arbeitszeit`,
      preheader: `Trag deine Zeiten für ${formatDay(v.day, 'de')} nach.`,
      greeting: greeting(v.name, 'de'),
      blocks: [
        {
          kind: 'text',
          text: `für ${formatDay(v.day, 'de')} ist in ${appName} keine Arbeitszeit von dir erfasst, obwohl es laut deinem Arbeitszeitmodell ein Arbeitstag war. Bitte trag deine Zeiten nach:`,
        },
        { kind: 'button', label: 'Zeiten nachtragen', url: v.timesheetUrl },
        {
          kind: 'note',
          text: 'Warst du an dem Tag abwesend, etwa im Urlaub oder krank? Dann sag deiner Teamleitung Bescheid. Für diesen Tag bekommst du keine weitere Erinnerung.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: `No working time recorded for ${formatDay(v.day, 'en')}`,
      preheader: `Please enter your times for ${formatDay(v.day, 'en')}.`,
      greeting: greeting(v.name, 'en'),
      blocks: [
        {
          kind: 'text',
          text: `There is no working time of yours in ${appName} for ${formatDay(v.day, 'en')}, although your work schedule made it a working day. Please enter your times:`,
        },
        { kind: 'button', label: 'Enter my times', url: v.timesheetUrl },
        {
          kind: 'note',
          text: 'Were you away that day, on leave or sick? Then let your manager know. You will not get another reminder for this day.',
        },
      ],
    }),
  },
  absence_notice: {
    de: (v) => absenceNotice(v, 'de'),
    en: (v) => absenceNotice(v, 'en'),
  },
  vacation_notice: vacationNoticeBuilders,
  certificate_due_reminder: {
    de: (v, { appName }) => ({
      subject: `Bitte reich deine Arbeitsunfähigkeitsbescheinigung nach`,
      preheader: `Für deine Krankmeldung ab ${formatDay(v.from, 'de')} fehlt die AU-Bescheinigung.`,
      greeting: greeting(v.name, 'de'),
      blocks: [
        {
          kind: 'text',
          text: `für deine Krankmeldung ab ${formatDay(v.from, 'de')} war am ${formatDay(v.dueOn, 'de')} eine ärztliche Arbeitsunfähigkeitsbescheinigung fällig. In ${appName} liegt noch keine vor. Bitte lade sie hoch:`,
        },
        { kind: 'button', label: 'AU-Bescheinigung hochladen', url: v.uploadUrl },
        {
          kind: 'note',
          text: 'Hat deine Praxis die Bescheinigung elektronisch an die Krankenkasse übermittelt (eAU), gib bitte deiner Personalabteilung Bescheid. Für diese Krankmeldung bekommst du keine weitere Erinnerung.',
        },
      ],
    }),
    en: (v, { appName }) => ({
      subject: 'Please hand in your doctor’s certificate',
      preheader: `The certificate for your sick leave from ${formatDay(v.from, 'en')} is missing.`,
      greeting: greeting(v.name, 'en'),
      blocks: [
        {
          kind: 'text',
          text: `A doctor’s certificate (AU) for your sick leave from ${formatDay(v.from, 'en')} was due on ${formatDay(v.dueOn, 'en')}. There is none in ${appName} yet. Please upload it:`,
        },
        { kind: 'button', label: 'Upload the certificate', url: v.uploadUrl },
        {
          kind: 'note',
          text: 'If your doctor sent it electronically to your health insurer (eAU), please tell your HR department. You will not get another reminder for this sick leave.',
        },
      ],
    }),
  },
};

const frame: Record<
  MailLocale,
  { signOff: string; buttonFallback: string; footer: (appName: string) => string }
> = {
  de: {
    signOff: 'Viele Grüße',
    buttonFallback:
      'Falls der Button nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:',
    footer: (appName) => `Diese E-Mail hat ${appName} automatisch verschickt.`,
  },
  en: {
    signOff: 'Best regards',
    buttonFallback: "If the button doesn't work, copy this link into your browser's address bar:",
    footer: (appName) => `This e-mail was sent automatically by ${appName}.`,
  },
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text or attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A subject is one header line: no line breaks smuggled in through a name. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

const FONT =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const ACCENT = '#1c7ed6';

function renderHtml(
  content: MailContent,
  locale: MailLocale,
  brand: MailBranding,
  subject: string,
): string {
  const f = frame[locale];
  const body = content.blocks
    .map((block) => {
      switch (block.kind) {
        case 'text':
          return `<p style="margin:0 0 16px;">${escapeHtml(block.text)}</p>`;
        case 'note':
          return `<p style="margin:0 0 12px;font-size:14px;color:#495057;">${escapeHtml(block.text)}</p>`;
        case 'button': {
          const href = escapeHtml(block.url);
          return (
            `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;"><tr>` +
            `<td style="border-radius:6px;background-color:${ACCENT};">` +
            `<a href="${href}" target="_blank" style="display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a>` +
            `</td></tr></table>` +
            `<p style="margin:0 0 20px;font-size:13px;color:#6c757d;">${escapeHtml(f.buttonFallback)}<br>` +
            `<a href="${href}" target="_blank" style="color:${ACCENT};word-break:break-all;">${href}</a></p>`
          );
        }
      }
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f1f3f5;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f1f3f5;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #dee2e6;border-radius:8px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #dee2e6;${FONT};font-size:20px;font-weight:bold;color:${ACCENT};">${escapeHtml(brand.appName)}</td></tr>
<tr><td style="padding:28px 32px 12px;${FONT};font-size:16px;line-height:1.5;color:#212529;">
<p style="margin:0 0 16px;">${escapeHtml(content.greeting)}</p>
${body}
<p style="margin:8px 0 16px;">${escapeHtml(f.signOff)}<br>${escapeHtml(brand.fromName)}</p>
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #dee2e6;${FONT};font-size:12px;line-height:1.5;color:#868e96;">${escapeHtml(f.footer(brand.appName))}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(content: MailContent, locale: MailLocale, brand: MailBranding): string {
  const f = frame[locale];
  const parts = [content.greeting];
  for (const block of content.blocks) {
    switch (block.kind) {
      case 'text':
      case 'note':
        parts.push(block.text);
        break;
      case 'button':
        parts.push(`${block.label}:\n${block.url}`);
        break;
    }
  }
  parts.push(`${f.signOff}\n${brand.fromName}`, `-- \n${f.footer(brand.appName)}`);
  return `${parts.join('\n\n')}\n`;
}

/**
 * Renders a template: validates the variables (throws a ZodError on bad data), then builds
 * subject, HTML and plain text in the given locale.
 */
export function renderMail<N extends MailTemplateName>(
  template: N,
  locale: MailLocale,
  data: MailTemplateInput<N> | Record<string, unknown>,
  brand: MailBranding,
): RenderedMail {
  const vars = schemas[template].parse(data) as Vars<N>;
  const content = builders[template][locale](vars, brand);
  const subject = oneLine(content.subject);
  return {
    subject,
    html: renderHtml(content, locale, brand, subject),
    text: renderText(content, locale, brand),
  };
}
