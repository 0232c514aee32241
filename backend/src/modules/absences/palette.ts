/**
 * The colours an absence type may have. Only these are offered (UX.md: calendar fills need
 * ≥ 3:1 contrast against the background; all of these reach 4.5:1 against white, so a white
 * letter code on the fill is readable too). The database checks the same list (migration 0009);
 * a new colour needs a migration that widens that check.
 */
export const ABSENCE_TYPE_COLORS = [
  '#2563EB', // blue
  '#DC2626', // red
  '#C2410C', // orange
  '#7C3AED', // violet
  '#0F766E', // teal
  '#4F46E5', // indigo
  '#0E7490', // cyan
  '#475569', // slate
  '#15803D', // green
  '#BE185D', // pink
] as const;

export type AbsenceTypeColor = (typeof ABSENCE_TYPE_COLORS)[number];
