import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type Company = components['schemas']['Tenant'];
export type NewCompany =
  paths['/api/v1/tenants']['post']['requestBody']['content']['application/json'];
export type CompanyChanges =
  paths['/api/v1/tenants/{id}']['patch']['requestBody']['content']['application/json'];

export function useCompanies() {
  return useQuery({
    queryKey: queryKeys.tenants,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/tenants', { signal })),
  });
}

function useInvalidateCompanies() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.tenants }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

/** Creates the company and mails its first admin an invitation. */
export function useCreateCompany() {
  const invalidate = useInvalidateCompanies();
  return useMutation({
    mutationFn: async (body: NewCompany) => unwrap(client.POST('/api/v1/tenants', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateCompany() {
  const invalidate = useInvalidateCompanies();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: CompanyChanges }) =>
      unwrap(client.PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: invalidate,
  });
}

/** Deactivated companies cannot sign in at all; reactivating lets them in again. */
export function useSetCompanyActive() {
  const invalidate = useInvalidateCompanies();
  return useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) => {
      const params = { params: { path: { id } } };
      return active
        ? unwrap(client.POST('/api/v1/tenants/{id}/reactivate', params))
        : unwrap(client.POST('/api/v1/tenants/{id}/deactivate', params));
    },
    onSuccess: invalidate,
  });
}
