import { describe, expect, it } from 'vitest';
import { MAX_SICK_NOTE_BYTES, isSickNoteErrorCode, periodRange, preCheck } from './sick-note-files';

describe('preCheck', () => {
  it('lets PDF, PNG and JPEG up to 10 MB through', () => {
    expect(preCheck({ name: 'AU.pdf', size: 1000, type: 'application/pdf' })).toBeNull();
    expect(preCheck({ name: 'foto.JPG', size: MAX_SICK_NOTE_BYTES, type: '' })).toBeNull();
    expect(preCheck({ name: 'scan', size: 5, type: 'image/png' })).toBeNull();
  });

  it('names the problem otherwise', () => {
    expect(preCheck({ name: 'AU.pdf', size: 0, type: 'application/pdf' })).toBe('empty');
    expect(
      preCheck({ name: 'AU.pdf', size: MAX_SICK_NOTE_BYTES + 1, type: 'application/pdf' }),
    ).toBe('tooLarge');
    expect(preCheck({ name: 'AU.docx', size: 10, type: 'application/msword' })).toBe('wrongType');
    expect(preCheck({ name: 'AU.pdf.exe', size: 10, type: '' })).toBe('wrongType');
  });
});

describe('isSickNoteErrorCode', () => {
  it('knows the codes of the sick-note routes only', () => {
    expect(isSickNoteErrorCode('SICK_NOTE_FILE_TYPE')).toBe(true);
    expect(isSickNoteErrorCode('NOT_FOUND')).toBe(false);
  });
});

describe('periodRange', () => {
  it('covers the last three months and a month ahead, or a calendar year', () => {
    expect(periodRange('recent', '2026-03-20')).toEqual({ from: '2025-12-20', to: '2026-04-20' });
    expect(periodRange('thisYear', '2026-03-20')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange('lastYear', '2026-03-20')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});
