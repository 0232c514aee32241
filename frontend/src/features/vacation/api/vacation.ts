import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type VacationAccount = components['schemas']['VacationAccount'];
export type EntitlementRow = components['schemas']['VacationEntitlementRow'];
export type VacationTotals = components['schemas']['VacationTotals'];

/** A person's Urlaubskonto for a year with its explanation (default: own, current year). */
export function useVacationAccount(userId: string | null, year: number | null) {
  return useQuery({
    queryKey: [...queryKeys.vacationAccount, userId, year],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/vacation/account', {
          params: {
            query: { ...(userId ? { userId } : {}), ...(year ? { year } : {}) },
          },
          signal,
        }),
      ),
    // Keep the shown year while the next one loads (no flicker on ‹ ›).
    placeholderData: (previous) => previous,
  });
}

/** The company's Urlaubsansprüche for a year, optionally one team. */
export function useEntitlements(year: number | null, teamId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.vacationEntitlements, year, teamId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/vacation/entitlements', {
          params: { query: { ...(year ? { year } : {}), ...(teamId ? { teamId } : {}) } },
          signal,
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** Any change of an account refreshes accounts, the table and the audit log. */
function useInvalidateVacation() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.vacation }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useSetOverride() {
  const invalidate = useInvalidateVacation();
  return useMutation({
    mutationFn: (input: { userId: string; year: number; days: number; reason: string }) =>
      unwrap(
        client.PUT('/api/v1/vacation/entitlements/{userId}/{year}', {
          params: { path: { userId: input.userId, year: input.year } },
          body: { days: input.days, reason: input.reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useRemoveOverride() {
  const invalidate = useInvalidateVacation();
  return useMutation({
    mutationFn: (input: { userId: string; year: number }) =>
      unwrap(
        client.DELETE('/api/v1/vacation/entitlements/{userId}/{year}', {
          params: { path: input },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useAddAdjustment() {
  const invalidate = useInvalidateVacation();
  return useMutation({
    mutationFn: (body: { userId: string; year: number; days: number; reason: string }) =>
      unwrap(client.POST('/api/v1/vacation/adjustments', { body })),
    onSuccess: invalidate,
  });
}

export function useSetContractDays() {
  const invalidate = useInvalidateVacation();
  return useMutation({
    mutationFn: (input: { userId: string; daysPerYear: number | null }) =>
      unwrap(
        client.PUT('/api/v1/vacation/contracts/{userId}', {
          params: { path: { userId: input.userId } },
          body: { daysPerYear: input.daysPerYear },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** Teams for the filter (everyone may read them). */
export function useTeams() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}

/** The company's default contract days, for the contract dialog. */
export function useCompanyVacationDays() {
  return useQuery({
    queryKey: queryKeys.company,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/company', { signal })),
    select: (company) => company.vacationDaysPerYear,
  });
}
