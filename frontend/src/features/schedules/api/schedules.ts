import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type WorkSchedule = components['schemas']['WorkSchedule'];

/**
 * Versions of a person's schedule together with the company default's (the API returns both
 * for a person), or only the default's when `userId` is null.
 */
export function useSchedules(userId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.schedules, userId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/schedules', {
          params: { query: userId ? { userId } : {} },
          signal,
        }),
      ),
  });
}

/** Active and invited people, for choosing whose schedule to edit. */
export function usePeopleForSchedules() {
  return useQuery({
    queryKey: [...queryKeys.users, { search: '' }],
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/users', { params: { query: {} }, signal })),
  });
}

/** The company's time zone decides which day "today" is, as the API counts it. */
export function useCompanyTimeZone() {
  return useQuery({
    queryKey: queryKeys.company,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/company', { signal })),
    select: (company) => company.timeZone,
  });
}

/** A schedule changes targets, balances and the team month. */
function useInvalidateSchedules() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.time }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useCreateSchedule() {
  const invalidate = useInvalidateSchedules();
  return useMutation({
    mutationFn: (body: { userId: string | null; validFrom: string; minutesPerWeekday: number[] }) =>
      unwrap(client.POST('/api/v1/schedules', { body })),
    onSuccess: invalidate,
  });
}

export function useDeleteSchedule() {
  const invalidate = useInvalidateSchedules();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/schedules/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
