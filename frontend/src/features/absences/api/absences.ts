import { useDebouncedValue } from '@mantine/hooks';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { paths } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

export type PreviewBody =
  paths['/api/v1/absences/preview']['post']['requestBody']['content']['application/json'];
export type CreateBody =
  paths['/api/v1/absences']['post']['requestBody']['content']['application/json'];
export type ChangeBody = NonNullable<
  paths['/api/v1/absences/{id}']['patch']['requestBody']
>['content']['application/json'];

/**
 * After any absence changed: its lists, the inbox (and its badge), the preview, and the
 * timesheets (an approved absence credits the target).
 */
export function refreshAfterAbsenceChange(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.absences }),
    queryClient.invalidateQueries({ queryKey: queryKeys.time }),
    // The vacation account, the team calendar and sickness lists are computed from absences too.
    queryClient.invalidateQueries({ queryKey: queryKeys.vacation }),
    queryClient.invalidateQueries({ queryKey: queryKeys.calendar }),
    queryClient.invalidateQueries({ queryKey: queryKeys.sickness }),
  ]);
}

/** The company's absence types in display order (active ones; every member may read them). */
export function useAbsenceTypes() {
  return useQuery({
    queryKey: queryKeys.absenceTypes,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/absence-types', { signal })),
    staleTime: 5 * 60_000,
  });
}

/** The signed-in person's own absences (newest first, as the API sends them). */
export function useMyAbsences() {
  return useQuery({
    queryKey: queryKeys.myAbsences,
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/absences', { params: { query: { mine: 'true' } }, signal })),
  });
}

/** One absence (the edit form loads the one it changes). */
export function useAbsence(id: string | null) {
  return useQuery({
    queryKey: [...queryKeys.absences, 'one', id],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/absences/{id}', { params: { path: { id: id! } }, signal })),
    enabled: id !== null,
  });
}

/** How long typing pauses before the form asks for a new count. */
const PREVIEW_DEBOUNCE_MS = 250;

/**
 * The live count of the request form. Debounced; a new range replaces the query key, which
 * aborts the stale request (the query function passes the signal on), and the last answer
 * stays on screen until the new one arrives.
 */
export function usePreview(body: PreviewBody | null) {
  const [debounced] = useDebouncedValue(body, PREVIEW_DEBOUNCE_MS);
  return useQuery({
    queryKey: [...queryKeys.absencePreview, debounced],
    queryFn: ({ signal }) =>
      unwrap(client.POST('/api/v1/absences/preview', { body: debounced!, signal })),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useCreateAbsence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBody) => unwrap(client.POST('/api/v1/absences', { body })),
    // Not awaited: the form closes at once, the lists follow.
    onSuccess: () => void refreshAfterAbsenceChange(queryClient),
  });
}

export function useChangeAbsence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ChangeBody }) =>
      unwrap(client.PATCH('/api/v1/absences/{id}', { params: { path: { id } }, body })),
    // Not awaited: the form closes at once, the lists follow.
    onSuccess: () => void refreshAfterAbsenceChange(queryClient),
  });
}

/** The person's own steps: withdraw a request, ask to cancel, remind the approvers. */
export type OwnStep =
  | { kind: 'withdraw'; id: string }
  | { kind: 'cancel'; id: string; reason?: string }
  | { kind: 'remind'; id: string };

function postOwnStep(step: OwnStep) {
  const params = { path: { id: step.id } };
  switch (step.kind) {
    case 'withdraw':
      return unwrap(client.POST('/api/v1/absences/{id}/withdraw', { params }));
    case 'cancel':
      return unwrap(
        client.POST('/api/v1/absences/{id}/cancel', {
          params,
          body: step.reason ? { reason: step.reason } : {},
        }),
      );
    case 'remind':
      return unwrap(client.POST('/api/v1/absences/{id}/remind', { params }));
  }
}

export function useOwnStep() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postOwnStep,
    // Also after a refusal: a 409 means the state changed elsewhere and the list is stale.
    onSettled: () => void refreshAfterAbsenceChange(queryClient),
  });
}

/** Genehmigungen: pending requests and cancellations the signed-in person decides. */
export function useInbox(enabled = true) {
  return useQuery({
    queryKey: queryKeys.absenceInbox,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/absences/inbox', { signal })),
    enabled,
    // The navigation badge stays roughly current without a push channel.
    refetchInterval: 60_000,
  });
}

/** An approver's decision on a request or on a cancellation. */
export interface Decision {
  id: string;
  kind: 'request' | 'cancellation';
  approve: boolean;
  comment?: string;
}

export function postDecision({ id, kind, approve, comment }: Decision) {
  const params = { path: { id } };
  const optional = comment ? { comment } : {};
  if (kind === 'cancellation') {
    return approve
      ? unwrap(client.POST('/api/v1/absences/{id}/cancel/approve', { params, body: optional }))
      : unwrap(client.POST('/api/v1/absences/{id}/cancel/reject', { params, body: optional }));
  }
  return approve
    ? unwrap(client.POST('/api/v1/absences/{id}/approve', { params, body: optional }))
    : unwrap(client.POST('/api/v1/absences/{id}/reject', { params, body: { comment: comment! } }));
}

export function useDecide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postDecision,
    onSettled: () => void refreshAfterAbsenceChange(queryClient),
  });
}

/**
 * People the signed-in person may record a sickness for: the people list they may read (admins:
 * everyone; managers: their teams).
 */
export function usePeople(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.users, 'active'],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/users', { params: { query: { status: 'active' } }, signal })),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Colleagues to name as Vertretung: every active member of the company, with their team. */
export function useColleagues() {
  return useQuery({
    queryKey: [...queryKeys.users, 'colleagues'],
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/absences/colleagues', { signal })),
    staleTime: 5 * 60_000,
  });
}

/** The company's time zone: "today" is a day there, as the API counts days. */
export function useCompanyZone() {
  return useQuery({
    queryKey: queryKeys.company,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/company', { signal })),
    staleTime: 5 * 60_000,
    select: (company) => company.timeZone,
  });
}
