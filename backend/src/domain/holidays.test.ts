import { describe, expect, it } from 'vitest';
import {
  holidaySubregions,
  isPublicHoliday,
  publicHolidayLookup,
  publicHolidayName,
  publicHolidays,
} from './holidays.js';
import { dayRange } from './time.js';

const ALL_STATES = [
  'DE-BW',
  'DE-BY',
  'DE-BE',
  'DE-BB',
  'DE-HB',
  'DE-HH',
  'DE-HE',
  'DE-MV',
  'DE-NI',
  'DE-NW',
  'DE-RP',
  'DE-SL',
  'DE-SN',
  'DE-ST',
  'DE-SH',
  'DE-TH',
];

const NATIONWIDE_2026 = [
  ['2026-01-01', 'Neujahr'],
  ['2026-04-03', 'Karfreitag'],
  ['2026-04-06', 'Ostermontag'],
  ['2026-05-01', 'Maifeiertag'],
  ['2026-05-14', 'Christi Himmelfahrt'],
  ['2026-05-25', 'Pfingstmontag'],
  ['2026-10-03', 'Tag der Deutschen Einheit'],
  ['2026-12-25', '1. Weihnachtstag'],
  ['2026-12-26', '2. Weihnachtstag'],
] as const;

describe('public holidays (date-holidays, type public only)', () => {
  it.each(ALL_STATES)('%s has the nine nationwide holidays of 2026', (region) => {
    const holidays = publicHolidays(region, null, 2026);
    for (const [day, name] of NATIONWIDE_2026) expect(holidays.get(day)).toBe(name);
  });

  it.each(ALL_STATES)('%s: 24 and 31 December are not public holidays', (region) => {
    expect(isPublicHoliday('2026-12-24', region)).toBe(false);
    expect(isPublicHoliday('2026-12-31', region)).toBe(false);
  });

  it.each([
    // Fronleichnam 4 June 2026
    ['2026-06-04', 'DE-BY', null, true],
    ['2026-06-04', 'DE-NW', null, true],
    ['2026-06-04', 'DE-BW', null, true],
    ['2026-06-04', 'DE-HE', null, true],
    ['2026-06-04', 'DE-RP', null, true],
    ['2026-06-04', 'DE-SL', null, true],
    ['2026-06-04', 'DE-BE', null, false],
    ['2026-06-04', 'DE-HH', null, false],
    ['2026-06-04', 'DE-SN', null, false],
    ['2026-06-04', 'DE-SN', 'BZ', true],
    ['2026-06-04', 'DE-TH', null, false],
    ['2026-06-04', 'DE-TH', 'EIC', true],
    ['2026-06-04', 'DE-TH', 'UH', true],
    ['2026-06-04', 'DE-TH', 'WAK', true],
    // Reformationstag 31 October 2026
    ['2026-10-31', 'DE-SN', null, true],
    ['2026-10-31', 'DE-TH', null, true],
    ['2026-10-31', 'DE-BB', null, true],
    ['2026-10-31', 'DE-HB', null, true],
    ['2026-10-31', 'DE-HH', null, true],
    ['2026-10-31', 'DE-MV', null, true],
    ['2026-10-31', 'DE-NI', null, true],
    ['2026-10-31', 'DE-ST', null, true],
    ['2026-10-31', 'DE-SH', null, true],
    ['2026-10-31', 'DE-BY', null, false],
    ['2026-10-31', 'DE-BW', null, false],
    ['2026-10-31', 'DE-NW', null, false],
    ['2026-10-31', 'DE-BE', null, false],
    // Augsburger Friedensfest 8 August: Augsburg only
    ['2026-08-08', 'DE-BY', 'A', true],
    ['2026-08-08', 'DE-BY', null, false],
    ['2026-08-08', 'DE-BY', 'KATH', false],
    ['2026-08-08', 'DE-BW', null, false],
    // Mariä Himmelfahrt 15 August: SL, catholic Bavarian communes, Augsburg
    ['2026-08-15', 'DE-SL', null, true],
    ['2026-08-15', 'DE-BY', 'KATH', true],
    ['2026-08-15', 'DE-BY', 'A', true],
    ['2026-08-15', 'DE-BY', 'EVANG', false],
    ['2026-08-15', 'DE-BY', null, false],
    ['2026-08-15', 'DE-NW', null, false],
    // Buß- und Bettag 18 November 2026: Saxony only
    ['2026-11-18', 'DE-SN', null, true],
    ['2026-11-18', 'DE-BY', null, false],
    ['2026-11-18', 'DE-TH', null, false],
    ['2026-11-18', 'DE-BE', null, false],
    // Heilige Drei Könige 6 January: BW, BY, ST
    ['2026-01-06', 'DE-BW', null, true],
    ['2026-01-06', 'DE-BY', null, true],
    ['2026-01-06', 'DE-ST', null, true],
    ['2026-01-06', 'DE-NW', null, false],
    // Frauentag 8 March: BE, MV (since 2023)
    ['2026-03-08', 'DE-BE', null, true],
    ['2026-03-08', 'DE-MV', null, true],
    ['2022-03-08', 'DE-MV', null, false],
    ['2026-03-08', 'DE-BY', null, false],
    // Weltkindertag 20 September: TH
    ['2026-09-20', 'DE-TH', null, true],
    ['2026-09-20', 'DE-SN', null, false],
    // Allerheiligen 1 November: BW, BY, NW, RP, SL
    ['2026-11-01', 'DE-NW', null, true],
    ['2026-11-01', 'DE-RP', null, true],
    ['2026-11-01', 'DE-HE', null, false],
    // Ostersonntag / Pfingstsonntag are public holidays only in Brandenburg
    ['2026-04-05', 'DE-BB', null, true],
    ['2026-04-05', 'DE-BE', null, false],
    // Reformationstag 2017 was a nationwide one-off
    ['2017-10-31', 'DE-BY', null, true],
    ['2018-10-31', 'DE-BY', null, false],
  ])('%s in %s (%s): %s', (day, region, subregion, expected) => {
    expect(isPublicHoliday(day, region, subregion)).toBe(expected);
  });

  it.each([
    ['2026-06-04', 'DE-BY', null, 'Fronleichnam'],
    ['2026-10-31', 'DE-SN', null, 'Reformationstag'],
    ['2026-08-08', 'DE-BY', 'A', 'Augsburger Friedensfest'],
    ['2026-08-15', 'DE-SL', null, 'Mariä Himmelfahrt'],
    ['2026-11-18', 'DE-SN', null, 'Buß- und Bettag'],
    ['2026-03-04', 'DE-BY', null, undefined],
  ])('names %s in %s (%s) in German: %s', (day, region, subregion, name) => {
    expect(publicHolidayName(day, region, subregion)).toBe(name);
  });

  it('counts the holidays of a year per state', () => {
    expect(publicHolidays('DE-BY', 'A', 2026).size).toBe(14);
    expect(publicHolidays('DE-BY', null, 2026).size).toBe(12);
    expect(publicHolidays('DE-HH', null, 2026).size).toBe(10);
    expect([...publicHolidays('DE-SN', null, 2026).keys()]).toEqual(
      [...publicHolidays('DE-SN', null, 2026).keys()].sort(),
    );
  });

  it('caches per region and year', () => {
    expect(publicHolidays('DE-NW', null, 2026)).toBe(publicHolidays('DE-NW', undefined, 2026));
    expect(publicHolidays('DE-NW', null, 2027)).not.toBe(publicHolidays('DE-NW', null, 2026));
  });

  it('lists the subregions a state supports', () => {
    expect(Object.keys(holidaySubregions('DE-BY')).sort()).toEqual(['A', 'EVANG', 'KATH']);
    expect(Object.keys(holidaySubregions('DE-SN'))).toEqual(['BZ']);
    expect(Object.keys(holidaySubregions('DE-TH')).sort()).toEqual(['EIC', 'UH', 'WAK']);
    expect(holidaySubregions('DE-NW')).toEqual({});
  });

  it.each([
    ['DE-XX', null],
    ['BY', null],
    ['de-by', null],
    ['DE', null],
    ['DE-BY', 'X'],
    ['DE-NW', 'A'],
  ])('refuses unknown region %s / subregion %s instead of guessing', (region, subregion) => {
    expect(() => publicHolidays(region, subregion, 2026)).toThrow(RangeError);
    expect(() => publicHolidayLookup(region, subregion)).toThrow(RangeError);
  });

  it('offers a lookup predicate across years', () => {
    const isHoliday = publicHolidayLookup('DE-BY', 'A');
    expect(isHoliday('2026-08-08')).toBe(true);
    expect(isHoliday('2027-08-08')).toBe(true);
    expect(isHoliday('2027-08-09')).toBe(false);
  });
});

describe('publicHolidayLookup with days asked about often', () => {
  it('answers as without them, inside and outside those days', () => {
    const plain = publicHolidayLookup('DE-BY', 'A');
    const often = publicHolidayLookup('DE-BY', 'A', { from: '2026-03-01', to: '2026-09-30' });
    for (const day of dayRange('2025-12-01', '2027-01-31'))
      expect(often(day), day).toBe(plain(day));
    // Augsburg's Friedensfest inside, Heilige Drei Könige outside the days given.
    expect(often('2026-08-08')).toBe(true);
    expect(often('2027-01-06')).toBe(true);
    expect(often('2026-08-07')).toBe(false);
  });
});
