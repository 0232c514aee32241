import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditQuery = NonNullable<paths['/api/v1/audit-log']['get']['parameters']['query']>;
export type AuditFilters = Omit<AuditQuery, 'before' | 'limit'>;

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, 50 at a time; "mehr laden" fetches the entries before the last one shown. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.auditLog, filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        client.GET('/api/v1/audit-log', {
          params: {
            query: {
              ...filters,
              limit: AUDIT_PAGE_SIZE,
              ...(pageParam ? { before: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextBefore ?? undefined,
    staleTime: 0,
  });
}

/** Names for ids: people and teams of the company (admins). */
export function useCompanyLookups(enabled: boolean) {
  const people = useQuery({
    queryKey: [...queryKeys.users, { search: '' }],
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/users', { params: { query: {} }, signal })),
    enabled,
  });
  const teams = useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
    enabled,
  });
  return { people: people.data ?? [], teams: teams.data ?? [] };
}

/** Companies for the super-admin's company filter. */
export function useTenantLookup(enabled: boolean) {
  const tenants = useQuery({
    queryKey: queryKeys.tenants,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/tenants', { signal })),
    enabled,
  });
  return tenants.data ?? [];
}
