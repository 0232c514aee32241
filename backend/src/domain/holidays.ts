/**
 * Public holidays (gesetzliche Feiertage) of a German region, from the maintained date-holidays
 * calendar (DOMAIN.md: never a hand-written table). Only holidays of type 'public' count: 24 and
 * 31 December are 'bank' days there and are not public holidays; tenants may make them half days
 * (targets.ts). Tenants add their own closure days separately.
 *
 * Region: a Bundesland as 'DE-BY'. Subregion: a date-holidays region code of that state, where
 * the law differs within the state. Supported (date-holidays 3.37):
 * - DE-BY 'A'     Stadt Augsburg: Augsburger Friedensfest (8 Aug) and Mariä Himmelfahrt (15 Aug)
 * - DE-BY 'KATH'  predominantly catholic communes: Mariä Himmelfahrt (15 Aug)
 * - DE-BY 'EVANG' predominantly protestant communes: no 15 Aug (same as plain DE-BY)
 * - DE-SN 'BZ'    Landkreis Bautzen: Fronleichnam (by law only in some Sorbian communes)
 * - DE-TH 'EIC'   Landkreis Eichsfeld: Fronleichnam
 * - DE-TH 'UH'    Unstrut-Hainich-Kreis: Fronleichnam (by law only in some communes)
 * - DE-TH 'WAK'   Wartburgkreis: Fronleichnam (by law only in some communes)
 * Plain DE-BY has no 15 Aug, like 'EVANG'; most Bavarian communes (München included) are 'KATH',
 * so Bavarian tenants should pick a subregion. In SN and TH the subregion fits only tenants whose
 * workplace lies in one of the communes named in the law.
 */
import Holidays from 'date-holidays';
import type { Day } from './time.js';
import { dayRange, parseDay } from './time.js';

/** Bundesländer as date-holidays names them (DE-BY = Bayern …). */
export const BUNDESLAENDER = [
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
] as const;

const COUNTRY = 'DE';

// One parser per region, one calendar per region and year: pure data, safe to keep for the
// lifetime of the process (16 states × a few years).
const calendars = new Map<string, Holidays>();
const holidaysByYear = new Map<string, ReadonlyMap<Day, string>>();

function stateOf(region: string): string {
  const match = /^DE-([A-Z]{2})$/.exec(region);
  const state = match?.[1];
  if (state === undefined || !(state in (new Holidays().getStates(COUNTRY) ?? {}))) {
    throw new RangeError(`unknown holiday region: ${region} (expected a Bundesland like DE-BY)`);
  }
  return state;
}

/** The subregions date-holidays knows for a region (code → German name), e.g. DE-BY → A, KATH… */
export function holidaySubregions(region: string): Record<string, string> {
  return new Holidays().getRegions(COUNTRY, stateOf(region), 'de') ?? {};
}

function calendarFor(region: string, subregion: string | null | undefined): Holidays {
  const key = `${region}|${subregion ?? ''}`;
  const cached = calendars.get(key);
  if (cached) return cached;
  const state = stateOf(region);
  // date-holidays silently falls back to the state for an unknown subregion; a typo in a tenant's
  // settings must fail loudly instead of dropping its holidays.
  if (subregion && !(subregion in holidaySubregions(region))) {
    throw new RangeError(`unknown holiday subregion ${subregion} for ${region}`);
  }
  const calendar = subregion
    ? new Holidays(COUNTRY, state, subregion, { languages: ['de'] })
    : new Holidays(COUNTRY, state, { languages: ['de'] });
  calendars.set(key, calendar);
  return calendar;
}

/** Public holidays of a region in a year: day → German name, in calendar order. */
export function publicHolidays(
  region: string,
  subregion: string | null | undefined,
  year: number,
): ReadonlyMap<Day, string> {
  const key = `${region}|${subregion ?? ''}|${year}`;
  const cached = holidaysByYear.get(key);
  if (cached) return cached;
  const holidays = new Map<Day, string>();
  for (const holiday of calendarFor(region, subregion).getHolidays(year)) {
    // `date` is local to the holiday's country ('2026-06-04 00:00:00'), whatever TZ the process has.
    if (holiday.type === 'public') holidays.set(holiday.date.slice(0, 10), holiday.name);
  }
  holidaysByYear.set(key, holidays);
  return holidays;
}

/** The German name of the public holiday on a day, or undefined. */
export function publicHolidayName(
  day: Day,
  region: string,
  subregion?: string | null,
): string | undefined {
  return publicHolidays(region, subregion, parseDay(day).year).get(day);
}

/** Whether a day is a public holiday in the region. */
export function isPublicHoliday(day: Day, region: string, subregion?: string | null): boolean {
  return publicHolidayName(day, region, subregion) !== undefined;
}

/** A predicate over days for targets and ArbZG checks: the region's public holidays. */
export function publicHolidayLookup(
  region: string,
  subregion?: string | null,
  /**
   * Days asked about again and again (a report's checks for every person): their answers are
   * worked out once, up front; other days are looked up as they come.
   */
  often?: { from: Day; to: Day },
): (day: Day) => boolean {
  calendarFor(region, subregion);
  const lookUp = (day: Day) => isPublicHoliday(day, region, subregion);
  if (!often) return lookUp;
  const { from, to } = often;
  const known = new Set(dayRange(from, to).filter(lookUp));
  return (day) => (day >= from && day <= to ? known.has(day) : lookUp(day));
}
