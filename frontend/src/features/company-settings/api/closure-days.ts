import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';
import { yearRange } from '../closure-suggestions';

export type ClosureDay = components['schemas']['ClosureDay'];

/** Betriebsruhetage of one calendar year. */
export function useClosureDays(year: number) {
  const { from, to } = yearRange(year);
  return useQuery({
    queryKey: [...queryKeys.closureDays, year],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/v1/closure-days', { params: { query: { from, to } }, signal })),
    placeholderData: (previous) => previous,
  });
}

/** A closure day changes everyone's targets: refresh every time figure. */
function useInvalidateTime() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.time }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
}

/** Sets a closure day; setting a day that exists changes its name or half-day flag. */
export function useSetClosureDay() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: async (body: ClosureDay) => {
      const result = await client.POST('/api/v1/closure-days', { body });
      const closure = await unwrap(Promise.resolve(result));
      // 201: a new day, 200: an existing day changed.
      return { closure, created: result.response.status === 201 };
    },
    onSuccess: invalidate,
  });
}

export function useDeleteClosureDay() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (day: string) =>
      unwrap(client.DELETE('/api/v1/closure-days/{day}', { params: { path: { day } } })),
    onSuccess: invalidate,
  });
}
