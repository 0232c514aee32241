import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type CaldavSettings = components['schemas']['CaldavSettings'];
export type CaldavSettingsInput =
  paths['/api/v1/caldav/settings']['put']['requestBody']['content']['application/json'];
export type CaldavTestInput =
  paths['/api/v1/caldav/test']['post']['requestBody']['content']['application/json'];
export type CaldavTestResult = components['schemas']['CaldavConnectionTest'];
export type AbsenceType = components['schemas']['AbsenceType'];
export type CaldavEvent = components['schemas']['CaldavEvent'];

export function useCaldavSettings() {
  return useQuery({
    queryKey: queryKeys.caldav,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/caldav/settings', { signal })),
  });
}

export function useSaveCaldavSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CaldavSettingsInput) =>
      unwrap(client.PUT('/api/v1/caldav/settings', { body: input })),
    onSuccess: (settings) => {
      queryClient.setQueryData(queryKeys.caldav, settings);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.caldavEvents }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
      ]);
    },
  });
}

/** Absences whose event is not (yet) as it should be: waiting or failed, newest first. */
export function useUnsyncedCaldavEvents() {
  return useQuery({
    queryKey: queryKeys.caldavEvents,
    queryFn: async ({ signal }) => {
      const [failed, waiting] = await Promise.all(
        (['error', 'pending'] as const).map((state) =>
          unwrap(
            client.GET('/api/v1/caldav/events', {
              params: { query: { state, limit: 50 } },
              signal,
            }),
          ),
        ),
      );
      return [...failed!, ...waiting!];
    },
  });
}

/** "Alles neu synchronisieren": a sync job for every absence whose event may differ. */
export function useResyncCaldav() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(client.POST('/api/v1/caldav/resync')),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.caldav }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
      ]),
  });
}

/** Runs the step-by-step connection test on the form's values (saved or not). */
export function useTestCaldavConnection() {
  return useMutation({
    mutationFn: async (input: CaldavTestInput) =>
      unwrap(client.POST('/api/v1/caldav/test', { body: input })),
  });
}

/** The company's active absence types, for choosing which are synced. */
export function useAbsenceTypes() {
  return useQuery({
    queryKey: queryKeys.absenceTypes,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/absence-types', { signal })),
  });
}
