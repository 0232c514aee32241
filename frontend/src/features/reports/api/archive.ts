import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { apiErrorFrom, unwrap } from '../../../lib/api-error';
import { fileNameFrom, saveBlob } from '../../../lib/download';
import { queryKeys } from '../../../lib/query-keys';
import type { OverviewRole } from './overview';

export type TimesheetArchive = components['schemas']['TimesheetArchive'];

/** How often an unfinished archive asks for its progress. */
const POLL_MS = 1_500;

export const isUnfinished = (archive: Pick<TimesheetArchive, 'status'>) =>
  archive.status === 'queued' || archive.status === 'running';

/** The signed-in person's latest archives, newest first. */
export function useArchives() {
  return useQuery({
    queryKey: queryKeys.reportArchives,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/reports/timesheets/archive', { signal })),
  });
}

/** One archive, polled while it is being made (the list gives its first state). */
export function useArchiveStatus(archive: TimesheetArchive) {
  return useQuery({
    queryKey: [...queryKeys.reportArchives, archive.id],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/reports/timesheets/archive/{id}', {
          params: { path: { id: archive.id } },
          signal,
        }),
      ),
    initialData: archive,
    // A finished archive changes no more (until it expires days later): no polling.
    staleTime: isUnfinished(archive) ? 0 : Infinity,
    refetchInterval: (query) =>
      query.state.data && isUnfinished(query.state.data) ? POLL_MS : false,
  });
}

/** Asks for the month's ZIP (an equal unfinished request is answered with that one). */
export function useRequestArchive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      month: string;
      teamId: string | null;
      role: OverviewRole | null;
      lang: 'de' | 'en';
    }) =>
      unwrap(
        client.POST('/api/v1/reports/timesheets/archive', {
          body: {
            month: body.month,
            lang: body.lang,
            ...(body.teamId ? { teamId: body.teamId } : {}),
            ...(body.role ? { role: body.role } : {}),
          },
        }),
      ),
    onSuccess: (archive) => {
      queryClient.setQueryData<TimesheetArchive[]>(queryKeys.reportArchives, (list = []) => [
        archive,
        ...list.filter((other) => other.id !== archive.id),
      ]);
      void queryClient.invalidateQueries({ queryKey: queryKeys.reportArchives, exact: true });
    },
  });
}

/** Downloads a finished archive and saves it (the API audits every download). */
export function useArchiveDownload() {
  return useMutation({
    mutationFn: async (archive: TimesheetArchive) => {
      const { data, error, response } = await client.GET(
        '/api/v1/reports/timesheets/archive/{id}/download',
        { params: { path: { id: archive.id } }, parseAs: 'blob' },
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      saveBlob(
        data,
        fileNameFrom(response.headers.get('content-disposition'), `${archive.month}.zip`),
      );
    },
  });
}
