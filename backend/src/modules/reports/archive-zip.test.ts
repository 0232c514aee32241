import { describe, expect, it } from 'vitest';
import { uniqueEntryNames } from './archive-zip.js';
import { asciiFileName } from './timesheet-document.js';

describe('uniqueEntryNames', () => {
  it('numbers a name taken before, ignoring case (as Windows and macOS would)', () => {
    expect(uniqueEntryNames(['A_B.pdf', 'a_b.pdf', 'A_B.pdf', 'C.pdf'])).toEqual([
      'A_B.pdf',
      'a_b_2.pdf',
      'A_B_3.pdf',
      'C.pdf',
    ]);
  });

  it('cuts long names and keeps the extension', () => {
    const [name] = uniqueEntryNames([`${'x'.repeat(300)}.pdf`]);
    expect(name!.length).toBeLessThanOrEqual(120);
    expect(name).toMatch(/^x+\.pdf$/);
  });
});

describe('asciiFileName', () => {
  it('spells out umlauts and letters without a decomposition, replaces the rest', () => {
    expect(asciiFileName('Jürgen Weiß, Ayşe Yılmaz, Łukasz Øberg/..\\x.pdf')).toBe(
      'Juergen_Weiss_Ayse_Yilmaz_Lukasz_Oberg_.._x.pdf',
    );
  });
});
