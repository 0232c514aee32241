/**
 * One absence as one iCalendar object (RFC 5545) for a CalDAV PUT. Pure: same input, same text.
 *
 * Whole days are all-day events (`VALUE=DATE`, DTEND the day AFTER the last day: it is exclusive).
 * A half day at either end makes the event a timed one in the company's time zone, with its
 * VTIMEZONE, so the calendar shows "from noon" / "until noon". DTSTAMP is UTC without fractions;
 * there is no METHOD property (CalDAV stores objects, it does not send invitations; RFC 4791 4.1).
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical from 'ical-generator';

/** When a half-day absence starts or ends, and the working day around it, in local time. */
export const DAY_START = '08:00';
export const MIDDAY = '12:00';
export const DAY_END = '17:00';

export interface AbsenceEventInput {
  /** Stable across every rendering of the same absence (see eventUid). */
  uid: string;
  summary: string;
  /** First and last day of the absence, both inclusive, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Only the afternoon of the first day is taken (the absence starts at noon). */
  halfDayStart: boolean;
  /** Only the morning of the last day is taken (the absence ends at noon). */
  halfDayEnd: boolean;
  /** IANA zone of the company (tenants.time_zone). */
  timeZone: string;
  /** When this version of the event was made (DTSTAMP). */
  stamp: Date;
}

/** `<absence-uuid>@<host>`: the host is the installation's first ALLOWED_HOSTS entry. */
export function eventUid(absenceId: string, host: string): string {
  return `${absenceId}@${host}`;
}

/**
 * The event's resource name in the collection, derived from the UID alone, so a retried PUT
 * after a crash lands on the same resource instead of creating a second one.
 */
export function resourceName(uid: string): string {
  return `${uid.replace(/[^A-Za-z0-9_.-]/g, '_')}.ics`;
}

/** The day after `day` (`YYYY-MM-DD`), by the calendar, not by 24 hours. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export type TitlePrivacy = 'type' | 'absent';

/**
 * The event title from the company's template: `{name}` is the person, `{type}` the absence
 * type, or the plain word for "absent" when the company does not show types in the calendar.
 */
export function eventTitle(
  template: string,
  values: { name: string; type: string },
  privacy: TitlePrivacy,
  locale: 'de' | 'en',
): string {
  const type = privacy === 'type' ? values.type : locale === 'de' ? 'Abwesend' : 'Absent';
  return template.replace(/\{(name|type)\}/g, (_all, key: 'name' | 'type') =>
    key === 'name' ? values.name : type,
  );
}

/** The VCALENDAR text of one absence event. */
export function renderAbsenceEvent(input: AbsenceEventInput): string {
  if (input.to < input.from) throw new Error('An absence cannot end before it starts.');
  if (input.from === input.to && input.halfDayStart && input.halfDayEnd)
    throw new Error('A one-day absence is either the morning or the afternoon, not both.');
  const timed = input.halfDayStart || input.halfDayEnd;
  const calendar = ical({
    prodId: { company: 'TimeMaster', product: 'TimeMaster', language: 'DE' },
    // The generator adds a VTIMEZONE for every zone the events use; no calendar-wide zone, so
    // DTSTAMP stays in UTC.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  calendar.createEvent({
    id: input.uid,
    stamp: input.stamp,
    summary: input.summary,
    ...(timed
      ? {
          timezone: input.timeZone,
          // Local wall-clock times: ical-generator writes them with TZID as given.
          start: `${input.from}T${input.halfDayStart ? MIDDAY : DAY_START}:00`,
          end: `${input.to}T${input.halfDayEnd ? MIDDAY : DAY_END}:00`,
        }
      : { allDay: true, start: input.from, end: nextDay(input.to) }),
  });
  return calendar.toString();
}
