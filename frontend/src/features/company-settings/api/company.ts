import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type Company = components['schemas']['Tenant'];
export type CompanyChanges =
  paths['/api/v1/company']['patch']['requestBody']['content']['application/json'];

export function useCompany() {
  return useQuery({
    queryKey: queryKeys.company,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/company', { signal })),
  });
}

export function useUpdateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: CompanyChanges) =>
      unwrap(client.PATCH('/api/v1/company', { body: changes })),
    onSuccess: (company) => {
      queryClient.setQueryData(queryKeys.company, company);
      return queryClient.invalidateQueries({ queryKey: queryKeys.auditLog });
    },
  });
}
