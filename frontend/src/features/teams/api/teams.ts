import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type Team = components['schemas']['Team'];
export type Member = components['schemas']['User'];

export function useTeams() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}

/** Everyone of the company: leader names and who may lead (managers and admins). */
export function useMembers() {
  return useQuery({
    queryKey: [...queryKeys.users, { search: '' }],
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/users', { params: { query: {} }, signal })),
  });
}

function useInvalidateTeams() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
      queryClient.invalidateQueries({ queryKey: queryKeys.users }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useCreateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: async (name: string) => unwrap(client.POST('/api/v1/teams', { body: { name } })),
    onSuccess: invalidate,
  });
}

export function useUpdateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: async ({
      id,
      name,
      managerIds,
    }: {
      id: string;
      name?: string;
      managerIds?: string[];
    }) =>
      unwrap(
        client.PATCH('/api/v1/teams/{id}', {
          params: { path: { id } },
          body: { name, managerIds },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(client.DELETE('/api/v1/teams/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
