import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './download';

describe('fileNameFrom', () => {
  it('prefers the UTF-8 name of filename*', () => {
    expect(
      fileNameFrom(
        `attachment; filename="Stundenzettel_2026-04_Juergen_Weiss.pdf"; filename*=UTF-8''Stundenzettel_2026-04_J%C3%BCrgen%20Wei%C3%9F.pdf`,
        'x.pdf',
      ),
    ).toBe('Stundenzettel_2026-04_Jürgen Weiß.pdf');
  });

  it('falls back to filename, then to the given name', () => {
    expect(fileNameFrom('attachment; filename="a_b.csv"', 'x.csv')).toBe('a_b.csv');
    expect(fileNameFrom('attachment; filename=plain.csv', 'x.csv')).toBe('plain.csv');
    expect(fileNameFrom('attachment', 'x.csv')).toBe('x.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });

  it('never lets a path through', () => {
    expect(fileNameFrom(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, 'x')).toBe(
      '.._.._etc_passwd',
    );
  });
});
