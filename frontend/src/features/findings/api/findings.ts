import { useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

/** ArbZG findings of everyone in scope on the days `from`–`to` (at most 93 days). */
export function useFindings(from: string, to: string, teamId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.findings, from, to, teamId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/time/findings', {
          params: { query: teamId ? { from, to, teamId } : { from, to } },
          signal,
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** Teams for the filter (everyone may read them). */
export function useTeamList() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}
