import { useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

/**
 * The Historie of one entry. Kept under the timesheet key, so adding, changing or deleting
 * entries (which invalidates the sheets) refreshes an open Historie as well.
 */
export function useEntryHistory(entryId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.timesheet, 'history', entryId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/time/entries/{id}/history', {
          params: { path: { id: entryId } },
          signal,
        }),
      ),
    enabled,
  });
}
