import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { startSession, updateSessionUser } from '../../../lib/auth';

export type DeviceSession = components['schemas']['SessionInfo'];

export const sessionsQueryKey = ['auth', 'sessions'] as const;

/** PATCH /me: name (the language goes through the DE/EN switch or changeLanguage). */
export function useUpdateProfile() {
  return useMutation({
    mutationFn: async (body: { name?: string; locale?: 'de' | 'en' }) =>
      unwrap(client.PATCH('/api/v1/me', { body })),
    onSuccess: (user) => updateSessionUser(user),
  });
}

/** POST /auth/password: other devices are signed out; this one gets a fresh access token. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) =>
      unwrap(client.POST('/api/v1/auth/password', { body })),
    onSuccess: (session) => {
      startSession(session);
      void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
    },
  });
}

/** The devices signed in to this account, the current one marked. */
export function useSessions() {
  return useQuery({
    queryKey: sessionsQueryKey,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/auth/sessions', { signal })),
  });
}

/** Signs one other device out. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(client.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}
