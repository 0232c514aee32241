import { useMutation, useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import { unwrap } from '../../../lib/api-error';
import { startSession } from '../../../lib/auth';

/** POST /auth/login; on success the session starts (the guard then leaves the login page). */
export function useLogin() {
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) =>
      unwrap(client.POST('/api/v1/auth/login', { body, credentials: 'same-origin' })),
    onSuccess: (session) => startSession(session),
  });
}

/** POST /auth/password-reset/request: 202 whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: async (email: string) =>
      unwrap(client.POST('/api/v1/auth/password-reset/request', { body: { email } })),
  });
}

/** POST /auth/password-reset/confirm: sets the new password; every session ends. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: async (body: { token: string; password: string }) =>
      unwrap(client.POST('/api/v1/auth/password-reset/confirm', { body })),
  });
}

/** What an invitation link is for: company, e-mail, name, expiry. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: ({ signal }) =>
      unwrap(client.POST('/api/v1/invitations/preview', { body: { token }, signal })),
    enabled: token.length > 0,
    staleTime: Infinity,
    gcTime: 0,
  });
}

/** Accepts the invitation (name + password); the answer is a session: signed in at once. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: async (body: { token: string; name: string; password: string }) =>
      unwrap(client.POST('/api/v1/invitations/accept', { body, credentials: 'same-origin' })),
    onSuccess: (session) => startSession(session),
  });
}
