import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type PeriodTimesheet = components['schemas']['PeriodTimesheet'];
export type MonthTimesheet = components['schemas']['Timesheet'];
type EntryBody =
  paths['/api/v1/time/entries']['post']['requestBody']['content']['application/json'];
export type EntryChanges =
  paths['/api/v1/time/entries/{id}']['patch']['requestBody']['content']['application/json'];

/** Whose sheet: undefined is the signed-in person (the API's default). */
type Owner = string | undefined;

/**
 * Whether a sheet also lists deleted entries (marked, never counted). Part of the query key:
 * the dashboard's sheet without them and a manager's sheet with them are different answers.
 */
type Deleted = 'withDeleted' | 'counted';

const deletedQuery = (deleted: Deleted) =>
  deleted === 'withDeleted' ? { includeDeleted: 'true' as const } : {};

/** Any period of up to 93 days (the week view, the dashboard's week). */
export function usePeriod(
  userId: Owner,
  from: string,
  to: string,
  enabled = true,
  deleted: Deleted = 'counted',
) {
  return useQuery({
    queryKey: [...queryKeys.timesheet, 'days', userId ?? 'me', from, to, deleted],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/time/days', {
          params: { query: { from, to, ...(userId ? { userId } : {}), ...deletedQuery(deleted) } },
          signal,
        }),
      ),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** A month with its closing state (submitted / approved). */
export function useMonth(
  userId: Owner,
  month: string,
  enabled = true,
  deleted: Deleted = 'counted',
) {
  return useQuery({
    queryKey: [...queryKeys.timesheet, 'month', userId ?? 'me', month, deleted],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/time/month', {
          params: { query: { month, ...(userId ? { userId } : {}), ...deletedQuery(deleted) } },
          signal,
        }),
      ),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** The company's time zone and how many days back employees may edit their own entries. */
export function useCompanyTime(enabled = true) {
  return useQuery({
    queryKey: queryKeys.company,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/company', { signal })),
    enabled,
    staleTime: 5 * 60_000,
    select: (company) => ({ timeZone: company.timeZone, editWindowDays: company.editWindowDays }),
  });
}

/** Name of the person whose sheet a manager or admin opened. */
export function usePerson(userId: Owner) {
  return useQuery({
    queryKey: [...queryKeys.users, userId],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/users/{id}', { params: { path: { id: userId! } }, signal })),
    enabled: Boolean(userId),
  });
}

/**
 * Entries and months change the sheets, the balance, the team month and findings (all under
 * `time`), today's clock and the audit log.
 */
function useInvalidateTimes() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.time }),
      queryClient.invalidateQueries({ queryKey: queryKeys.clock }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useAddEntry() {
  const invalidate = useInvalidateTimes();
  return useMutation({
    mutationFn: (body: EntryBody) => unwrap(client.POST('/api/v1/time/entries', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateEntry() {
  const invalidate = useInvalidateTimes();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: EntryChanges }) =>
      unwrap(
        client.PATCH('/api/v1/time/entries/{id}', { params: { path: { id } }, body: changes }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteEntry() {
  const invalidate = useInvalidateTimes();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(
        client.DELETE('/api/v1/time/entries/{id}', { params: { path: { id } }, body: { reason } }),
      ),
    onSuccess: invalidate,
  });
}

export type MonthAction =
  | { kind: 'submit'; month: string }
  | { kind: 'approve'; userId: string; month: string }
  | { kind: 'reopen'; userId: string; month: string; reason: string };

/** Monat abgeben (own), genehmigen (manager/admin) and wieder öffnen (admin). */
export function useMonthAction() {
  const invalidate = useInvalidateTimes();
  return useMutation({
    mutationFn: (action: MonthAction) => {
      switch (action.kind) {
        case 'submit':
          return unwrap(
            client.POST('/api/v1/time/months/submit', { body: { month: action.month } }),
          );
        case 'approve':
          return unwrap(
            client.POST('/api/v1/time/months/approve', {
              body: { userId: action.userId, month: action.month },
            }),
          );
        case 'reopen':
          return unwrap(
            client.POST('/api/v1/time/months/reopen', {
              body: { userId: action.userId, month: action.month, reason: action.reason },
            }),
          );
      }
    },
    onSuccess: invalidate,
  });
}
