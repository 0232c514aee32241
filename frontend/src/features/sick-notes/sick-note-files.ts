/**
 * What the browser checks before an upload, so a person hears at once that a Word file or a
 * 25 MB photo will not do. The server decides (it reads the content, not the name); this only
 * saves a pointless upload.
 */

/** The server's limit (backend sick-notes-storage.ts). */
export const MAX_SICK_NOTE_BYTES = 10 * 1024 * 1024;

/** What the file picker offers. */
export const ACCEPTED_TYPES = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const EXTENSIONS = /\.(pdf|png|jpe?g)$/i;

export type PreCheckProblem = 'empty' | 'tooLarge' | 'wrongType';

/** Why a file would be refused, as far as the browser can tell; null when it may go up. */
export function preCheck(file: {
  name: string;
  size: number;
  type: string;
}): PreCheckProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_SICK_NOTE_BYTES) return 'tooLarge';
  // Some systems give no type for a PDF: the name may still say it.
  if (!TYPES.includes(file.type) && !EXTENSIONS.test(file.name)) return 'wrongType';
  return null;
}

/** Error codes of the sick-note routes the UI has its own words for (`sickNotes.errors.*`). */
export const SICK_NOTE_ERROR_CODES = [
  'SICK_NOTE_MISSING',
  'SICK_NOTE_EMPTY',
  'SICK_NOTE_TOO_LARGE',
  'SICK_NOTE_FILE_TYPE',
  'NOT_A_SICKNESS',
  'ABSENCE_NOT_ACTIVE',
  'SICK_NOTE_LOCKED',
] as const;

export type SickNoteErrorCode = (typeof SICK_NOTE_ERROR_CODES)[number];

export function isSickNoteErrorCode(code: string): code is SickNoteErrorCode {
  return (SICK_NOTE_ERROR_CODES as readonly string[]).includes(code);
}

/** Periods the "Krankmeldungen" page offers. */
export const PERIODS = ['recent', 'thisYear', 'lastYear'] as const;
export type Period = (typeof PERIODS)[number];

/**
 * The days of a period, as of `today` ('YYYY-MM-DD'): the last three months (and what is
 * recorded ahead), this calendar year, or last year.
 */
export function periodRange(period: Period, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  if (period === 'thisYear') return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (period === 'lastYear') return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3);
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
