import { useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type Statistics = components['schemas']['ReportStatistics'];
export type StatisticsMonth = Statistics['months'][number];

export interface StatisticsFilter {
  /** First and last month, 'YYYY-MM' (at most 24 months). */
  from: string;
  to: string;
  teamId: string | null;
}

/** Balance trend, absence days per type and ArbZG findings by month for the people in scope. */
export function useStatistics(filter: StatisticsFilter) {
  const { from, to, teamId } = filter;
  return useQuery({
    queryKey: [...queryKeys.reports, 'statistics', from, to, teamId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/reports/statistics', {
          params: { query: { from, to, ...(teamId ? { teamId } : {}) } },
          signal,
        }),
      ),
    // Keep the last charts on screen while the next range loads.
    placeholderData: (previous) => previous,
  });
}
