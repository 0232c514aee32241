import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../../api/client';
import { unwrap } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';
import { optimisticState, type ClockAction, type ClockState } from '../clock-logic';

/** Re-sync with the server now and then, so the ticking timer and the hints never drift far. */
const RESYNC_MS = 3 * 60_000;

/** The signed-in person's clock; refetched on focus / when the tab becomes visible again. */
export function useClock(enabled = true) {
  return useQuery({
    queryKey: queryKeys.clock,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/clock', { signal })),
    enabled,
    staleTime: 0,
    refetchInterval: RESYNC_MS,
    refetchOnWindowFocus: 'always',
  });
}

function post(action: ClockAction) {
  switch (action) {
    case 'clockIn':
      return unwrap(client.POST('/api/v1/clock/in'));
    case 'startBreak':
      return unwrap(client.POST('/api/v1/clock/break/start'));
    case 'endBreak':
      return unwrap(client.POST('/api/v1/clock/break/end'));
    case 'clockOut':
      return unwrap(client.POST('/api/v1/clock/out'));
  }
}

export interface ClockActionInput {
  action: ClockAction;
  /** Today's worked minutes as the screen shows them at the tap, for the optimistic state. */
  workedMinutes: number;
}

/**
 * Kommen, Pause, Pause beenden, Gehen: the new state shows at once (optimistic) and is rolled
 * back if the server refuses; the server's answer then replaces it, and the week and month views
 * are refreshed because today's figures changed.
 */
export function useClockAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action }: ClockActionInput) => post(action),
    onMutate: async ({ action, workedMinutes }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.clock });
      const previous = queryClient.getQueryData<ClockState>(queryKeys.clock);
      if (previous) {
        queryClient.setQueryData<ClockState>(
          queryKeys.clock,
          optimisticState(previous, action, new Date(), workedMinutes),
        );
      }
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.clock, context.previous);
    },
    onSuccess: (state) => queryClient.setQueryData(queryKeys.clock, state),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.timesheet }),
  });
}
