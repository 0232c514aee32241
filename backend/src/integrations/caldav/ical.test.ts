import { describe, expect, it } from 'vitest';
import type { AbsenceEventInput } from './ical.js';
import { eventTitle, eventUid, nextDay, renderAbsenceEvent, resourceName } from './ical.js';

const ABSENCE = '0b7c5a52-0d2f-4f3e-9a53-5f1f3c7d2e10';
const base: AbsenceEventInput = {
  uid: eventUid(ABSENCE, 'zeit.example.com'),
  summary: 'Anna Schmidt – Urlaub',
  from: '2026-07-06',
  to: '2026-07-10',
  halfDayStart: false,
  halfDayEnd: false,
  timeZone: 'Europe/Berlin',
  stamp: new Date('2026-05-01T10:11:12.345Z'),
};

/** The unfolded content lines of the VEVENT. */
function eventLines(ics: string): string[] {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n');
  return lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
}

describe('renderAbsenceEvent', () => {
  it.each<[string, Partial<AbsenceEventInput>, string[]]>([
    [
      'whole days: all-day, DTEND exclusive',
      {},
      ['DTSTART;VALUE=DATE:20260706', 'DTEND;VALUE=DATE:20260711'],
    ],
    [
      'one whole day',
      { from: '2026-12-31', to: '2026-12-31' },
      ['DTSTART;VALUE=DATE:20261231', 'DTEND;VALUE=DATE:20270101'],
    ],
    [
      'over the end of February in a leap year',
      { from: '2028-02-28', to: '2028-02-29' },
      ['DTSTART;VALUE=DATE:20280228', 'DTEND;VALUE=DATE:20280301'],
    ],
    [
      'over the switch to summer time (days, not 24 h)',
      { from: '2026-03-28', to: '2026-03-29' },
      ['DTSTART;VALUE=DATE:20260328', 'DTEND;VALUE=DATE:20260330'],
    ],
    [
      'a morning',
      { from: '2026-07-06', to: '2026-07-06', halfDayEnd: true },
      ['DTSTART;TZID=Europe/Berlin:20260706T080000', 'DTEND;TZID=Europe/Berlin:20260706T120000'],
    ],
    [
      'an afternoon',
      { from: '2026-07-06', to: '2026-07-06', halfDayStart: true },
      ['DTSTART;TZID=Europe/Berlin:20260706T120000', 'DTEND;TZID=Europe/Berlin:20260706T170000'],
    ],
    [
      'from the first afternoon to the last morning',
      { halfDayStart: true, halfDayEnd: true },
      ['DTSTART;TZID=Europe/Berlin:20260706T120000', 'DTEND;TZID=Europe/Berlin:20260710T120000'],
    ],
    [
      'a half day in another company time zone',
      { from: '2026-01-05', to: '2026-01-05', halfDayEnd: true, timeZone: 'America/New_York' },
      [
        'DTSTART;TZID=America/New_York:20260105T080000',
        'DTEND;TZID=America/New_York:20260105T120000',
      ],
    ],
  ])('%s', (_name, change, expected) => {
    const ics = renderAbsenceEvent({ ...base, ...change });
    const lines = eventLines(ics);
    for (const line of expected) expect(lines).toContain(line);
    expect(lines).toContain(`UID:${ABSENCE}@zeit.example.com`);
    expect(lines).toContain('DTSTAMP:20260501T101112Z');
    expect(lines).toContain('SUMMARY:Anna Schmidt – Urlaub');
    expect(ics).not.toMatch(/^METHOD/m);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const timed = Boolean(change.halfDayStart || change.halfDayEnd);
    const zone = change.timeZone ?? 'Europe/Berlin';
    // A timed event carries the definition of its zone; an all-day event needs none.
    expect(ics.includes(`BEGIN:VTIMEZONE\r\nTZID:${zone}`)).toBe(timed);
    expect(lines.some((l) => l.startsWith('DTSTART;VALUE=DATE'))).toBe(!timed);
  });

  it('escapes commas, semicolons and new lines in the title', () => {
    const ics = renderAbsenceEvent({ ...base, summary: 'Müller, Jan; Urlaub\nTeil 2' });
    expect(eventLines(ics)).toContain('SUMMARY:Müller\\, Jan\\; Urlaub\\nTeil 2');
  });

  it('is the same text for the same input (idempotent PUTs)', () => {
    expect(renderAbsenceEvent(base)).toBe(renderAbsenceEvent({ ...base }));
  });

  it('refuses an absence that ends before it starts, and a one-day morning+afternoon', () => {
    expect(() => renderAbsenceEvent({ ...base, to: '2026-07-05' })).toThrow();
    expect(() =>
      renderAbsenceEvent({
        ...base,
        to: base.from,
        halfDayStart: true,
        halfDayEnd: true,
      }),
    ).toThrow();
  });
});

describe('names and titles', () => {
  it('derives a safe resource name from the UID', () => {
    expect(resourceName(eventUid(ABSENCE, 'zeit.example.com'))).toBe(
      `${ABSENCE}_zeit.example.com.ics`,
    );
    expect(resourceName('a/b?c@d')).toBe('a_b_c_d.ics');
  });

  it.each([
    ['{name} – {type}', 'type', 'de', 'Anna – Urlaub'],
    ['{name} – {type}', 'absent', 'de', 'Anna – Abwesend'],
    ['{name} – {type}', 'absent', 'en', 'Anna – Absent'],
    ['Abwesenheit: {name}', 'type', 'de', 'Abwesenheit: Anna'],
    ['{type} {type} {unknown}', 'type', 'de', 'Urlaub Urlaub {unknown}'],
  ] as const)('%s (%s, %s) → %s', (template, privacy, locale, title) => {
    expect(eventTitle(template, { name: 'Anna', type: 'Urlaub' }, privacy, locale)).toBe(title);
  });

  it('counts days by the calendar', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2026-03-28')).toBe('2026-03-29');
  });
});
