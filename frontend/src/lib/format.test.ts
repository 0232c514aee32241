import { describe, expect, it } from 'vitest';
import {
  MINUS,
  formatBalance,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDays,
  formatDuration,
  formatMonth,
  formatMonthShort,
  formatNumber,
  formatTime,
  weekdayNames,
} from './format';

describe('formatDate', () => {
  it('formats a calendar day in German with weekday and without the weekday dot', () => {
    expect(formatDate('2026-03-02', 'de')).toBe('Mo, 02.03.2026');
    expect(formatDate('2026-03-03', 'de')).toBe('Di, 03.03.2026');
    expect(formatDate('2026-12-31', 'de')).toBe('Do, 31.12.2026');
  });

  it('formats a calendar day in English, day before month', () => {
    expect(formatDate('2026-03-02', 'en')).toBe('Mon, 2 Mar 2026');
    expect(formatDate('2026-12-31', 'en')).toBe('Thu, 31 Dec 2026');
  });

  it('never shifts a calendar day, whatever the time zone', () => {
    expect(formatDate('2026-01-01', 'de')).toBe('Do, 01.01.2026');
  });

  it('formats an instant in local time', () => {
    expect(formatDate(new Date(2026, 2, 2, 23, 30), 'de')).toBe('Mo, 02.03.2026');
    expect(formatDate(new Date(2026, 2, 2, 0, 15), 'en')).toBe('Mon, 2 Mar 2026');
  });
});

describe('formatTime', () => {
  it('uses a 24-hour clock in both languages', () => {
    expect(formatTime(new Date(2026, 2, 3, 10, 42), 'de')).toBe('10:42');
    expect(formatTime(new Date(2026, 2, 3, 15, 5), 'en')).toBe('15:05');
    expect(formatTime(new Date(2026, 2, 3, 0, 7), 'de')).toBe('00:07');
  });

  it('shows an instant in a given time zone', () => {
    expect(formatTime('2026-03-03T07:12:00Z', 'de', 'Europe/Berlin')).toBe('08:12');
    expect(formatTime('2026-07-03T07:12:00Z', 'en', 'Europe/Berlin')).toBe('09:12');
    expect(formatTime('2026-03-03T23:05:00Z', 'de', 'Asia/Tokyo')).toBe('08:05');
  });
});

describe('formatDuration', () => {
  it('shows hours and zero-padded minutes', () => {
    expect(formatDuration(450)).toBe('7:30 h');
    expect(formatDuration(0)).toBe('0:00 h');
    expect(formatDuration(5)).toBe('0:05 h');
    expect(formatDuration(60)).toBe('1:00 h');
    expect(formatDuration(2520)).toBe('42:00 h');
  });

  it('rounds to whole minutes', () => {
    expect(formatDuration(89.6)).toBe('1:30 h');
  });

  it('marks negative durations with a real minus sign', () => {
    expect(formatDuration(-30)).toBe(`${MINUS}0:30 h`);
  });
});

describe('formatBalance', () => {
  it('always shows the sign', () => {
    expect(formatBalance(750)).toBe('+12:30 h');
    expect(formatBalance(-195)).toBe('\u22123:15 h');
    expect(formatBalance(1)).toBe('+0:01 h');
  });

  it('shows zero without a sign', () => {
    expect(formatBalance(0)).toBe('0:00 h');
    expect(formatBalance(-0.2)).toBe('0:00 h');
  });

  it('uses U+2212, not a hyphen', () => {
    expect(formatBalance(-1)).not.toContain('-');
    expect(formatBalance(-1).codePointAt(0)).toBe(0x2212);
  });
});

describe('formatDays', () => {
  it('uses singular only for exactly one day', () => {
    expect(formatDays(1, 'de')).toBe('1 Tag');
    expect(formatDays(1, 'en')).toBe('1 day');
    expect(formatDays(2, 'de')).toBe('2 Tage');
    expect(formatDays(0, 'de')).toBe('0 Tage');
    expect(formatDays(0, 'en')).toBe('0 days');
  });

  it('uses the decimal separator of the language', () => {
    expect(formatDays(1.5, 'de')).toBe('1,5 Tage');
    expect(formatDays(1.5, 'en')).toBe('1.5 days');
    expect(formatDays(0.5, 'de')).toBe('0,5 Tage');
    expect(formatDays(0.5, 'en')).toBe('0.5 days');
    expect(formatDays(14, 'de')).toBe('14 Tage');
  });

  it('marks negative counts with a real minus sign', () => {
    expect(formatDays(-1.5, 'de')).toBe(`${MINUS}1,5 Tage`);
    expect(formatDays(-1, 'en')).toBe(`${MINUS}1 day`);
  });
});

describe('formatDateTime', () => {
  it('joins the date with its weekday and the 24-hour time', () => {
    expect(formatDateTime(new Date(2026, 2, 3, 10, 42), 'de')).toBe('Di, 03.03.2026, 10:42');
    expect(formatDateTime(new Date(2026, 2, 3, 15, 5), 'en')).toBe('Tue, 3 Mar 2026, 15:05');
  });

  it('shows an instant in a given time zone, the date included', () => {
    // 23:30 UTC is already the next day in Berlin.
    expect(formatDateTime('2026-03-02T23:30:00Z', 'de', 'Europe/Berlin')).toBe(
      'Di, 03.03.2026, 00:30',
    );
    expect(formatDateTime('2026-07-03T07:12:00Z', 'en', 'Europe/Berlin')).toBe(
      'Fri, 3 Jul 2026, 09:12',
    );
  });

  it('never shifts a calendar day, even with a time zone', () => {
    expect(formatDate('2026-03-03', 'de', 'Asia/Tokyo')).toBe('Di, 03.03.2026');
  });
});

describe('formatMonthShort', () => {
  it('names the month alone, short', () => {
    expect(formatMonthShort('2026-01', 'de')).toBe('Jan');
    expect(formatMonthShort('2026-12', 'de')).toBe('Dez');
    // ICU gives "Mär" or "März", "Sep" or "Sept.": never with the dot.
    expect(formatMonthShort('2026-09', 'de')).toMatch(/^Sept?$/);
    expect(formatMonthShort('2026-03', 'en')).toBe('Mar');
  });
});

describe('formatMonth', () => {
  it('names the month and year in the UI language', () => {
    expect(formatMonth('2026-11', 'de')).toBe('November 2026');
    expect(formatMonth('2026-03', 'de')).toBe('März 2026');
    expect(formatMonth('2026-03', 'en')).toBe('March 2026');
    expect(formatMonth('2027-01', 'en')).toBe('January 2027');
  });

  it('abbreviates month and year for chart axes', () => {
    expect(formatMonth('2026-03', 'de', 'short')).toBe('März 26');
    expect(formatMonth('2026-11', 'de', 'short')).toBe('Nov. 26');
    expect(formatMonth('2026-11', 'en', 'short')).toBe('Nov 26');
  });
});

describe('formatNumber', () => {
  it('groups thousands and writes the decimal sign of the UI language', () => {
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(0.125, 'de')).toBe('0,13');
  });
});

describe('weekdayNames', () => {
  it('starts the week on Monday, without the German abbreviation dot', () => {
    expect(weekdayNames('de', 'short')).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    expect(weekdayNames('en', 'short')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayNames('de', 'long')[6]).toBe('Sonntag');
  });
});

describe('formatBytes', () => {
  it('speaks the UI language', () => {
    expect(formatBytes(512, 'de-DE')).toBe('512 B');
    expect(formatBytes(2048, 'de-DE')).toBe('2 KB');
    expect(formatBytes(2.5 * 1024 * 1024, 'de-DE')).toBe('2,5 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'en-GB')).toBe('2.5 MB');
  });
});
