import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';

/**
 * The app's one query cache. Refusals of the API (4xx) are final and not retried; network
 * failures and 5xx get one more try.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failureCount, error) => {
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
        return failureCount < 1;
      },
    },
  },
});
