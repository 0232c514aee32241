import { useMutation, useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { apiErrorFrom, unwrap } from '../../../lib/api-error';
import { fileNameFrom, saveBlob } from '../../../lib/download';
import { queryKeys } from '../../../lib/query-keys';

export type Overview = components['schemas']['ReportOverview'];
export type OverviewRow = Overview['people'][number];

type ExportQuery = paths['/api/v1/reports/overview/export']['get']['parameters']['query'];
export type OverviewExportFormat = ExportQuery['format'];
export type OverviewRole = NonNullable<ExportQuery['role']>;

export interface OverviewFilter {
  from: string;
  to: string;
  teamId: string | null;
  role: OverviewRole | null;
}

/** The query string without the filters that are not set. */
function queryOf({ from, to, teamId, role }: OverviewFilter) {
  return { from, to, ...(teamId ? { teamId } : {}), ...(role ? { role } : {}) };
}

/** Soll, Ist, Saldo, vacation, sickness and ArbZG per person in scope over a period. */
export function useOverview(filter: OverviewFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.reports, filter.from, filter.to, filter.teamId, filter.role],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/reports/overview', { params: { query: queryOf(filter) }, signal }),
      ),
    enabled,
    // Keep the last table on screen while the next period loads (no flicker on ‹ ›).
    placeholderData: (previous) => previous,
  });
}

/** Downloads the overview as XLSX or CSV and saves it (the API audits every export). */
export function useOverviewExport() {
  return useMutation({
    mutationFn: async ({
      filter,
      format,
      lang,
    }: {
      filter: OverviewFilter;
      format: OverviewExportFormat;
      lang: 'de' | 'en';
    }) => {
      const { data, error, response } = await client.GET('/api/v1/reports/overview/export', {
        params: { query: { ...queryOf(filter), format, lang } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      const fallback = `overview-${filter.from}-${filter.to}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
      saveBlob(data, fileNameFrom(response.headers.get('content-disposition'), fallback));
    },
  });
}

/** Teams for the filter (everyone may read them). */
export function useTeamList({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
    enabled,
  });
}
