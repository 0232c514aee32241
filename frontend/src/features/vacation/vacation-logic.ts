import type { VacationAccount } from './api/vacation';

/** Years the API accepts. */
export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

/** A year from the URL, or null when missing or out of range. */
export function yearParam(value: string | null): number | null {
  if (value === null || !/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max ? year : null;
}

/**
 * What the one sentence on top says ("Es verbleiben 14 Urlaubstage, davon 5 Resturlaub –
 * verfällt am 31.03."): which variant, and its numbers. The Resturlaub named is the part that
 * expires first; carried-over days that never expire are named as such.
 */
export type AccountSentence =
  | { kind: 'overdrawn'; days: number }
  | { kind: 'none' }
  | { kind: 'plain'; remaining: number }
  | { kind: 'expiring'; remaining: number; carried: number; expiresOn: string }
  | { kind: 'keeps'; remaining: number; carried: number };

export function accountSentence(account: Pick<VacationAccount, 'sentence' | 'expiring'>) {
  const { remaining, carriedOverRemaining } = account.sentence;
  if (remaining < 0) return { kind: 'overdrawn', days: -remaining } satisfies AccountSentence;
  if (remaining === 0) return { kind: 'none' } satisfies AccountSentence;
  const first = account.expiring[0];
  if (first && first.days > 0) {
    return {
      kind: 'expiring',
      remaining,
      carried: first.days,
      expiresOn: first.expiresOn,
    } satisfies AccountSentence;
  }
  if (carriedOverRemaining > 0) {
    return { kind: 'keeps', remaining, carried: carriedOverRemaining } satisfies AccountSentence;
  }
  return { kind: 'plain', remaining } satisfies AccountSentence;
}

/** The account's arithmetic in one line: "30 + 7 + 1,5 − 5 − 7 − 3 = 23,5". */
export function accountFormula(
  totals: VacationAccount['totals'],
  format: (n: number) => string,
): string {
  const parts = [format(totals.entitlement)];
  const add = (n: number, always = false) => {
    if (n === 0 && !always) return;
    parts.push(n < 0 ? `− ${format(-n)}` : `+ ${format(n)}`);
  };
  const subtract = (n: number) => {
    if (n !== 0) parts.push(`− ${format(n)}`);
  };
  add(totals.carriedOver);
  add(totals.adjustments);
  subtract(totals.taken);
  subtract(totals.planned);
  subtract(totals.expired);
  return `${parts.join(' ')} = ${format(totals.remaining)}`;
}

/** Whether the entitlement was cut to twelfths (§5 BUrlG) rather than the full year. */
export function isPartialRule(rule: VacationAccount['entitlement']['computed']['rule']): boolean {
  return rule.startsWith('partial_');
}
