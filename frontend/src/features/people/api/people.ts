import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components, paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type Person = components['schemas']['User'];
export type Team = components['schemas']['Team'];
export type InviteBody =
  paths['/api/v1/users']['post']['requestBody']['content']['application/json'];
export type PersonChanges =
  paths['/api/v1/users/{id}']['patch']['requestBody']['content']['application/json'];
export type TenantRole = InviteBody['role'];

/** Everyone of the company (all statuses: the tabs split them and show the counts). */
export function usePeople(search: string) {
  const term = search.trim();
  return useQuery({
    queryKey: [...queryKeys.users, { search: term }],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/users', {
          params: { query: term ? { search: term } : {} },
          signal,
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** Teams for the team select. */
export function useTeamOptions() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
}

/** Every change to a person can change lists, tabs and member counts. */
function useInvalidatePeople() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.users }),
      queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

export function useInvitePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: async (body: InviteBody) => unwrap(client.POST('/api/v1/users', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: PersonChanges }) =>
      unwrap(client.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: invalidate,
  });
}

type PersonAction = 'deactivate' | 'reactivate' | 'resend' | 'withdraw';

/** Deactivate, reactivate, resend or withdraw an invitation: all answer with the person. */
export function usePersonAction() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: PersonAction }) => {
      const params = { params: { path: { id } } };
      switch (action) {
        case 'deactivate':
          return unwrap(client.POST('/api/v1/users/{id}/deactivate', params));
        case 'reactivate':
          return unwrap(client.POST('/api/v1/users/{id}/reactivate', params));
        case 'resend':
          return unwrap(client.POST('/api/v1/users/{id}/invitation', params));
        case 'withdraw':
          return unwrap(client.DELETE('/api/v1/users/{id}/invitation', params));
      }
    },
    onSuccess: invalidate,
  });
}
