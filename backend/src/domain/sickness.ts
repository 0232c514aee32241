/**
 * Sickness (Arbeitsunfähigkeit) under the Entgeltfortzahlungsgesetz (EFZG), DOMAIN.md "Sickness":
 * continued pay runs 6 weeks per illness (§3 Abs. 1), a doctor's certificate is due when sick for
 * more than 3 calendar days (§5 Abs. 1), earlier if the employer demands it.
 *
 * Kept simple on purpose, the caller decides what the law leaves to facts:
 * - Periods of the same illness are linked explicitly (`sameIllnessAs`); an unlinked period is a
 *   new illness with a fresh 6 weeks. Whether a repeated illness starts anew after 6 months
 *   without it or 12 months after its first start (§3 Abs. 1 S. 2), or whether a new illness
 *   during a running one is one case (Einheit des Verhinderungsfalls), is linked or not by the
 *   person recording it.
 * - The 4-week waiting time of a new employment (§3 Abs. 3) is not applied here.
 * - Weeks are 42 calendar days, counted from the first day of sickness; a day counted twice by
 *   overlapping periods of one illness counts once.
 */
import type { Day } from './time.js';
import { addDays, dayRange, daysBetween, parseDay } from './time.js';

/** §3 Abs. 1 EFZG: six weeks of continued pay per illness, in calendar days. */
export const CONTINUED_PAY_DAYS = 42;
/** §5 Abs. 1 S. 2 EFZG: certificate when sick longer than three calendar days. */
export const DEFAULT_CERTIFICATE_AFTER_DAYS = 3;
// How far to look for the next working day for a certificate: beyond a month a reminder is moot.
const CERTIFICATE_LOOKAHEAD_DAYS = 31;

/** A recorded sickness, first and last day included. */
export interface SicknessPeriod {
  id: string;
  from: Day;
  to: Day;
  /** Id of an earlier period of the same illness (Fortsetzungserkrankung). */
  sameIllnessAs?: string | null;
}

/** Continued pay of one period. */
export interface PeriodPay {
  id: string;
  /** Calendar days of this period within the illness's 6 weeks. */
  paidDays: number;
  /** First day of the period without continued pay (Krankengeld from the health insurer), or null. */
  unpaidFrom: Day | null;
}

/** The 6-week counter of one illness (all periods linked to its first one). */
export interface IllnessPay {
  /** Id of the illness's first period. */
  illnessId: string;
  periods: PeriodPay[];
  sickDays: number;
  paidDays: number;
  /** Days of continued pay left for this illness. */
  remainingDays: number;
  /** Last day of continued pay once the 42 days are used up, else null. */
  payEndsOn: Day | null;
}

/** Continued pay (Entgeltfortzahlung) per illness, in the order the illnesses began. */
export function continuedPay(periods: readonly SicknessPeriod[]): IllnessPay[] {
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const illnessOf = new Map<string, IllnessPay>();
  const counted = new Map<IllnessPay, Set<Day>>();
  const illnesses: IllnessPay[] = [];
  for (const period of sorted) {
    parseDay(period.from);
    parseDay(period.to);
    if (period.to < period.from) {
      throw new RangeError(`sickness ${period.id} ends (${period.to}) before it starts`);
    }
    if (illnessOf.has(period.id)) throw new RangeError(`sickness ${period.id} given twice`);
    let illness: IllnessPay;
    const link = period.sameIllnessAs ?? null;
    if (link !== null) {
      const earlier = illnessOf.get(link);
      if (earlier === undefined) {
        throw new RangeError(
          `sickness ${period.id}: no earlier period ${link} of the same illness`,
        );
      }
      illness = earlier;
    } else {
      illness = {
        illnessId: period.id,
        periods: [],
        sickDays: 0,
        paidDays: 0,
        remainingDays: CONTINUED_PAY_DAYS,
        payEndsOn: null,
      };
      illnesses.push(illness);
      counted.set(illness, new Set());
    }
    illnessOf.set(period.id, illness);
    const seen = counted.get(illness) ?? new Set<Day>();
    const pay: PeriodPay = { id: period.id, paidDays: 0, unpaidFrom: null };
    for (const day of dayRange(period.from, period.to)) {
      if (seen.has(day)) continue;
      seen.add(day);
      illness.sickDays += 1;
      if (illness.paidDays < CONTINUED_PAY_DAYS) {
        illness.paidDays += 1;
        pay.paidDays += 1;
        if (illness.paidDays === CONTINUED_PAY_DAYS) illness.payEndsOn = day;
      } else if (pay.unpaidFrom === null) {
        pay.unpaidFrom = day;
      }
    }
    illness.remainingDays = CONTINUED_PAY_DAYS - illness.paidDays;
    illness.periods.push(pay);
  }
  return illnesses;
}

/** Tenant setting and calendar for the certificate (Arbeitsunfähigkeitsbescheinigung). */
export interface CertificateRules {
  /** Certificate needed when sick longer than this many calendar days; 0 = from day 1. */
  afterDays?: number;
  /** The person's working days (e.g. target > 0 from targets.ts); every day if not given. */
  isWorkingDay?: (day: Day) => boolean;
}

/** Whether a certificate is needed for a sickness and the day it is due. */
export interface CertificateDue {
  required: boolean;
  /** Null when not required or when no working day follows within a month. */
  dueOn: Day | null;
}

/**
 * §5 Abs. 1 S. 2, 3 EFZG: sick longer than `afterDays` (3) calendar days → a certificate is due on
 * the next working day after them (the 4th day when it is one). Since 2023 the practice sends an
 * eAU (§5 Abs. 1a); the employee must still have it issued by then, so the due day is the same.
 */
export function certificateDue(from: Day, to: Day, rules: CertificateRules = {}): CertificateDue {
  const afterDays = rules.afterDays ?? DEFAULT_CERTIFICATE_AFTER_DAYS;
  if (!Number.isInteger(afterDays) || afterDays < 0) {
    throw new RangeError('certificate: after a whole number of days ≥ 0');
  }
  parseDay(from);
  parseDay(to);
  if (to < from) throw new RangeError(`sickness ends (${to}) before it starts (${from})`);
  if (daysBetween(from, to) + 1 <= afterDays) return { required: false, dueOn: null };
  const first = addDays(from, afterDays);
  for (let ahead = 0; ahead <= CERTIFICATE_LOOKAHEAD_DAYS; ahead += 1) {
    const day = addDays(first, ahead);
    if (rules.isWorkingDay === undefined || rules.isWorkingDay(day)) {
      return { required: true, dueOn: day };
    }
  }
  return { required: true, dueOn: null };
}
