/**
 * The iCalendar text (RFC 5545) of a feed, written by ical-generator (line folding, escaping,
 * CRLF). Absences are all-day events: DTSTART/DTEND as VALUE=DATE, DTEND the day after the last
 * one (exclusive, RFC 5545 3.6.1), so every calendar app shows exactly the absent days
 * whatever its own time zone. Half days are said in the summary: an all-day event has no half.
 */
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Day } from '../../domain/time.js';

export interface FeedEvent {
  /** Stable per absence, so apps update an event instead of duplicating it. */
  uid: string;
  from: Day;
  /** The day after the last absent day. */
  toExclusive: Day;
  summary: string;
  /** Pending requests: STATUS:TENTATIVE. */
  tentative: boolean;
  /** Whether the event blocks the subscriber's free/busy time. */
  busy: boolean;
  modified: Date;
}

/** A day as the Date ical-generator writes as that same day (UTC midnight, no calendar zone). */
const asDate = (day: Day) => new Date(`${day}T00:00:00Z`);

export function renderIcal(feed: { name: string; events: FeedEvent[]; now: Date }): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'TimeMaster', product: 'Abwesenheiten', language: 'DE' },
    // Calendar apps poll at least this often (a hint; most apps use their own interval).
    ttl: 60 * 60,
  });
  for (const event of feed.events) {
    calendar.createEvent({
      id: event.uid,
      start: asDate(event.from),
      end: asDate(event.toExclusive),
      allDay: true,
      summary: event.summary,
      status: event.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      transparency: event.busy ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
      stamp: feed.now,
      lastModified: event.modified,
    });
  }
  return calendar.toString();
}
