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
      return queryClient.invalidateQueries({ queryKey: queryKeys.auditLog });
    },
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
