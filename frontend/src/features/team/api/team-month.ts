import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type TeamMonth = components['schemas']['TeamMonth'];
export type Team = components['schemas']['Team'];

/** Soll, Ist, Saldo, closing state and findings per person in scope for one month. */
export function useTeamMonth(month: string, teamId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.teamMonth, month, teamId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/time/team', {
          params: { query: teamId ? { month, teamId } : { month } },
          signal,
        }),
      ),
    // Keep last month's table on screen while the next one loads (no flicker on ‹ ›).
    placeholderData: (previous) => previous,
  });
}

/** Teams, for the filter and the team names (everyone may read them). */
export function useTeamList() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}

/** Approving or reopening changes the month's sheet, balances and the audit log. */
function useInvalidateTime() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.time }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useApproveMonth() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (body: { userId: string; month: string }) =>
      unwrap(client.POST('/api/v1/time/months/approve', { body })),
    onSuccess: invalidate,
  });
}

export function useReopenMonth() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (body: { userId: string; month: string; reason: string }) =>
      unwrap(client.POST('/api/v1/time/months/reopen', { body })),
    onSuccess: invalidate,
  });
}
