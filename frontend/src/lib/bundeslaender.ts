import type { paths } from '../api/schema';

type CompanyChanges =
  paths['/api/v1/company']['patch']['requestBody']['content']['application/json'];

/** Bundesland code as the API takes it ('DE-BY' …). */
export type HolidayRegion = NonNullable<CompanyChanges['holidayRegion']>;

/**
 * The 16 Bundesländer (public holidays differ between them), by their German names: they are
 * proper names and stay German in the English UI, as in an address.
 */
export const BUNDESLAENDER: readonly { value: HolidayRegion; label: string }[] = [
  { value: 'DE-BW', label: 'Baden-Württemberg' },
  { value: 'DE-BY', label: 'Bayern' },
  { value: 'DE-BE', label: 'Berlin' },
  { value: 'DE-BB', label: 'Brandenburg' },
  { value: 'DE-HB', label: 'Bremen' },
  { value: 'DE-HH', label: 'Hamburg' },
  { value: 'DE-HE', label: 'Hessen' },
  { value: 'DE-MV', label: 'Mecklenburg-Vorpommern' },
  { value: 'DE-NI', label: 'Niedersachsen' },
  { value: 'DE-NW', label: 'Nordrhein-Westfalen' },
  { value: 'DE-RP', label: 'Rheinland-Pfalz' },
  { value: 'DE-SL', label: 'Saarland' },
  { value: 'DE-SN', label: 'Sachsen' },
  { value: 'DE-ST', label: 'Sachsen-Anhalt' },
  { value: 'DE-SH', label: 'Schleswig-Holstein' },
  { value: 'DE-TH', label: 'Thüringen' },
];

export function isHolidayRegion(value: string): value is HolidayRegion {
  return BUNDESLAENDER.some((b) => b.value === value);
}

/** German name of a region code; the code itself when unknown. */
export function bundeslandName(code: string): string {
  return BUNDESLAENDER.find((b) => b.value === code)?.label ?? code;
}

/** Time zones for the select: the browser's list, with Europe/Berlin first. */
export function timeZoneOptions(current?: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set(['Europe/Berlin', ...(current ? [current] : []), ...zones]);
  return [...all];
}
