import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_PREFIX, client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { apiErrorFrom, unwrap } from '../../../lib/api-error';
import { getAccessToken, refreshSession } from '../../../lib/auth';
import { queryKeys } from '../../../lib/query-keys';

export type SickNote = components['schemas']['SickNote'];
export type Sickness = components['schemas']['Sickness'];
export type Illness = components['schemas']['Illness'];

/** The sick notes of one sickness (the person's own; admins any). */
export function useSickNotes(absenceId: string) {
  return useQuery({
    queryKey: [...queryKeys.sickNotes, absenceId],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/absences/{id}/sick-notes', {
          params: { path: { id: absenceId } },
          signal,
        }),
      ),
  });
}

/** Sicknesses touching a period: the company's for admins, the team's for managers, own else. */
export function useSicknessList(range: { from: string; to: string }) {
  return useQuery({
    queryKey: [...queryKeys.sickness, 'list', range],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/sickness', { params: { query: range }, signal })),
  });
}

/** A person's sickness of the last year with the 6-week counter per illness. */
export function useSicknessSummary(userId?: string) {
  return useQuery({
    queryKey: [...queryKeys.sickness, 'summary', userId ?? 'me'],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/v1/sickness/summary', {
          params: { query: userId ? { userId } : {} },
          signal,
        }),
      ),
  });
}

export function useDeleteSickNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) =>
      unwrap(client.DELETE('/api/v1/sick-notes/{fileId}', { params: { path: { fileId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sickness }),
  });
}

/**
 * Fetches a note with the session's token (the API never serves it to a plain link) and hands
 * it to the browser as a download under its shown name.
 */
export async function downloadSickNote(note: Pick<SickNote, 'id' | 'fileName'>): Promise<void> {
  const blob = await unwrap(
    client.GET('/api/v1/sick-notes/{fileId}', {
      params: { path: { fileId: note.id } },
      parseAs: 'blob',
    }),
  );
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = note.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returned; free the memory a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Upload progress from 0 to 1. */
export type Progress = (fraction: number) => void;

function sendOnce(
  absenceId: string,
  file: File,
  token: string | null,
  onProgress: Progress,
  signal?: AbortSignal,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, because fetch cannot report upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}/absences/${encodeURIComponent(absenceId)}/sick-note`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not the API's JSON (a proxy's error page): the status says enough
      }
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('retry-after');
      if (retryAfter) headers.set('retry-after', retryAfter);
      resolve({ status: xhr.status, headers, body });
    };
    // Like fetch: an unreachable server is a TypeError (isNetworkError).
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads a sick note with progress. Refreshes the session once when the token has expired
 * meanwhile (as the typed client's middleware does), then throws the API's error as ApiError.
 */
export async function uploadSickNote(
  absenceId: string,
  file: File,
  onProgress: Progress,
  signal?: AbortSignal,
): Promise<SickNote> {
  let answer = await sendOnce(absenceId, file, getAccessToken(), onProgress, signal);
  const code = (answer.body as { error?: { code?: string } } | null)?.error?.code;
  if (answer.status === 401 && code === 'UNAUTHENTICATED' && (await refreshSession())) {
    onProgress(0);
    answer = await sendOnce(absenceId, file, getAccessToken(), onProgress, signal);
  }
  if (answer.status === 201) return answer.body as SickNote;
  throw apiErrorFrom({ status: answer.status, headers: answer.headers }, answer.body);
}

/** uploadSickNote as a mutation that refreshes the notes and the sickness lists. */
export function useUploadSickNote(absenceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: Progress }) =>
      uploadSickNote(absenceId, file, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sickness }),
  });
}
