/**
 * The absence types every company starts with (German defaults). createTenant seeds them in the
 * transaction that creates the company; migration 0009 seeded its own frozen copy into the
 * companies that existed then. Admins may change everything but the key afterwards.
 *
 * How a day of absence meets the day's target (Soll), from the flags:
 * - creditsTarget: the target counts as worked (paid absence; the balance is untouched).
 * - deductsOvertime: the target stays and nothing is worked, so the day is paid from the
 *   Gleitzeit balance (Gleittag / Überstundenabbau).
 * - neither: the target is waived for the day (unpaid: no work owed, no pay, the balance is
 *   untouched); payroll tells it apart from a credited day.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AbsenceTypeColor } from './palette.js';

export const ABSENCE_TYPE_KEYS = [
  'vacation',
  'sick',
  'child_sick',
  'special_leave',
  'overtime_off',
  'training',
  'business_trip',
  'unpaid_leave',
] as const;

export type AbsenceTypeKey = (typeof ABSENCE_TYPE_KEYS)[number];

export interface AbsenceTypeFlags {
  deductsVacation: boolean;
  creditsTarget: boolean;
  deductsOvertime: boolean;
  needsApproval: boolean;
  halfDaysAllowed: boolean;
  /**
   * A certificate is due once the absence lasts MORE than this many calendar days: 3 → due on
   * day 4, 0 → from the first day, null → never.
   */
  certificateAfterDays: number | null;
  /** false: colleagues see only "abwesend", not which type. */
  visibleToColleagues: boolean;
}

export interface DefaultAbsenceType extends AbsenceTypeFlags {
  key: AbsenceTypeKey;
  name: { de: string; en: string };
  color: AbsenceTypeColor;
  sortOrder: number;
}

export const DEFAULT_ABSENCE_TYPES: readonly DefaultAbsenceType[] = [
  {
    key: 'vacation',
    name: { de: 'Urlaub', en: 'Vacation' },
    color: '#2563EB',
    // Erholungsurlaub is paid leave (BUrlG §§1, 11) taken from the yearly entitlement.
    deductsVacation: true,
    creditsTarget: true,
    deductsOvertime: false,
    needsApproval: true,
    halfDaysAllowed: true,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 10,
  },
  {
    key: 'sick',
    name: { de: 'Krankheit', en: 'Sick leave' },
    color: '#DC2626',
    deductsVacation: false,
    // Entgeltfortzahlung for up to 6 weeks (EFZG §3): the day counts as worked.
    creditsTarget: true,
    deductsOvertime: false,
    // Sickness is reported (EFZG §5(1) S.1), not asked for: it is recorded, never approved.
    needsApproval: false,
    // Going home sick at noon.
    halfDaysAllowed: true,
    // EFZG §5(1) S.2: a certificate when sick for more than 3 calendar days, i.e. on day 4.
    // Companies that demand it earlier (S.3) set 0 (from day 1) or 1, 2.
    certificateAfterDays: 3,
    // Health data (DSGVO Art. 9): colleagues see only "abwesend".
    visibleToColleagues: false,
    sortOrder: 20,
  },
  {
    key: 'child_sick',
    name: { de: 'Kind krank', en: 'Child sick' },
    color: '#C2410C',
    deductsVacation: false,
    // Kinderkrankentage are usually unpaid by the employer: the health insurer pays
    // Kinderkrankengeld (§45 SGB V; §616 BGB is mostly excluded by contract). So the target is
    // waived, not credited; companies that pay under §616 BGB switch this on.
    creditsTarget: false,
    deductsOvertime: false,
    // A legal right to stay home (§45(3) SGB V): reported, not approved.
    needsApproval: false,
    halfDaysAllowed: false,
    // §45(1) SGB V: the insurer needs a doctor's certificate for every such day.
    certificateAfterDays: 0,
    // Health data of the child (DSGVO Art. 9).
    visibleToColleagues: false,
    sortOrder: 30,
  },
  {
    key: 'special_leave',
    name: { de: 'Sonderurlaub', en: 'Special leave' },
    color: '#7C3AED',
    deductsVacation: false,
    // Paid leave for personal events (wedding, birth, funeral; §616 BGB or the contract).
    creditsTarget: true,
    deductsOvertime: false,
    needsApproval: true,
    halfDaysAllowed: false,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 40,
  },
  {
    key: 'overtime_off',
    name: { de: 'Gleittag / Überstundenabbau', en: 'Overtime compensation' },
    color: '#0F766E',
    deductsVacation: false,
    creditsTarget: false,
    // Gleittag: the day's target is taken from the Gleitzeit balance.
    deductsOvertime: true,
    needsApproval: true,
    halfDaysAllowed: true,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 50,
  },
  {
    key: 'training',
    name: { de: 'Fortbildung', en: 'Training' },
    color: '#4F46E5',
    deductsVacation: false,
    creditsTarget: true,
    deductsOvertime: false,
    needsApproval: true,
    halfDaysAllowed: true,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 60,
  },
  {
    key: 'business_trip',
    name: { de: 'Dienstreise', en: 'Business trip' },
    color: '#0E7490',
    deductsVacation: false,
    // Work away from the office: the target is credited unless hours are recorded instead.
    creditsTarget: true,
    deductsOvertime: false,
    needsApproval: true,
    halfDaysAllowed: true,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 70,
  },
  {
    key: 'unpaid_leave',
    name: { de: 'Unbezahlter Urlaub', en: 'Unpaid leave' },
    color: '#475569',
    deductsVacation: false,
    // Work and pay are suspended: the target is waived, the balance untouched.
    creditsTarget: false,
    deductsOvertime: false,
    needsApproval: true,
    halfDaysAllowed: false,
    certificateAfterDays: null,
    visibleToColleagues: true,
    sortOrder: 80,
  },
];

/** Gives a new company the default absence types; call it in the transaction that creates it. */
export async function seedDefaultAbsenceTypes(
  db: Kysely<Database>,
  tenantId: string,
): Promise<void> {
  await db
    .insertInto('absence_types')
    .values(
      DEFAULT_ABSENCE_TYPES.map((t) => ({
        tenant_id: tenantId,
        key: t.key,
        name_de: t.name.de,
        name_en: t.name.en,
        color: t.color,
        deducts_vacation: t.deductsVacation,
        credits_target: t.creditsTarget,
        deducts_overtime: t.deductsOvertime,
        needs_approval: t.needsApproval,
        half_days_allowed: t.halfDaysAllowed,
        certificate_after_days: t.certificateAfterDays,
        visible_to_colleagues: t.visibleToColleagues,
        sort_order: t.sortOrder,
      })),
    )
    .execute();
}
