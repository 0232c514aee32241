import { describe, expect, it } from 'vitest';
import { accountFormula, accountSentence, yearParam } from './vacation-logic';

const sentence = (
  remaining: number,
  carriedOverRemaining: number,
  expiring: { expiresOn: string; days: number }[] = [],
) =>
  accountSentence({
    sentence: { remaining, carriedOverRemaining, expiresOn: expiring[0]?.expiresOn ?? null },
    expiring,
  });

describe('accountSentence', () => {
  it('names the Resturlaub that expires first, with its day', () => {
    expect(sentence(14, 5, [{ expiresOn: '2027-03-31', days: 5 }])).toEqual({
      kind: 'expiring',
      remaining: 14,
      carried: 5,
      expiresOn: '2027-03-31',
    });
  });

  it('says when carried-over days do not expire, and when nothing is carried', () => {
    expect(sentence(22, 4)).toEqual({ kind: 'keeps', remaining: 22, carried: 4 });
    expect(sentence(30, 0)).toEqual({ kind: 'plain', remaining: 30 });
  });

  it('has its own words for an empty and an overdrawn account', () => {
    expect(sentence(0, 0)).toEqual({ kind: 'none' });
    expect(sentence(-2.5, 0)).toEqual({ kind: 'overdrawn', days: 2.5 });
  });
});

describe('accountFormula', () => {
  it('writes the arithmetic with only the parts that are there', () => {
    const format = (n: number) => String(n).replace('.', ',');
    expect(
      accountFormula(
        {
          entitlement: 30,
          carriedOver: 7,
          adjustments: -1.5,
          taken: 5,
          planned: 7,
          expired: 3,
          remaining: 20.5,
        },
        format,
      ),
    ).toBe('30 + 7 − 1,5 − 5 − 7 − 3 = 20,5');
    expect(
      accountFormula(
        {
          entitlement: 30,
          carriedOver: 0,
          adjustments: 0,
          taken: 0,
          planned: 0,
          expired: 0,
          remaining: 30,
        },
        format,
      ),
    ).toBe('30 = 30');
  });
});

describe('yearParam', () => {
  it('takes four-digit years the API accepts', () => {
    expect(yearParam('2026')).toBe(2026);
    for (const bad of [null, '', '26', '1999', '2101', '2026a']) expect(yearParam(bad)).toBeNull();
  });
});
