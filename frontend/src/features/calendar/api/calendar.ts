import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type CalendarDay = components['schemas']['CalendarDay'];
export type CalendarAbsence = components['schemas']['CalendarAbsence'];
export type CalendarFeed = components['schemas']['CalendarFeed'];

/** The team calendar of a month: the company, or one team. */
export function useTeamCalendar(month: string, teamId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.calendar, 'month', month, teamId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/absences/calendar', {
          params: { query: teamId ? { month, teamId } : { month } },
          signal,
        }),
      ),
    // Keep the shown month while the next loads (no flicker on ‹ ›).
    placeholderData: (previous) => previous,
  });
}

/** One person's year. */
export function usePersonYear(userId: string | null, year: number) {
  return useQuery({
    queryKey: [...queryKeys.calendar, 'year', userId, year],
    enabled: userId !== null,
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/absences/year', {
          params: { query: { userId: userId!, year } },
          signal,
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** Teams for the filter (everyone may read them). */
export function useTeams() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}

const feedsKey = [...queryKeys.calendar, 'feeds'] as const;

/** My iCal subscriptions. */
export function useCalendarFeeds() {
  return useQuery({
    queryKey: feedsKey,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/calendar-feeds', { signal })),
  });
}

export function useCreateFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { scope: 'person' | 'team' | 'company'; teamId?: string }) =>
      unwrap(client.POST('/api/v1/calendar-feeds', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedsKey }),
  });
}

export function useRevokeFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/calendar-feeds/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedsKey }),
  });
}
