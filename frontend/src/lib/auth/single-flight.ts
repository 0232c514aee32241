/**
 * Wraps an async task so that concurrent callers share one run: while a run is in flight, every
 * call returns the same promise; once it settles, the next call starts a new run. Used for the
 * token refresh, so that ten requests failing with 401 at once cause one refresh, not ten (which
 * would also trip the server's refresh-token reuse detection).
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= Promise.resolve()
      .then(task)
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
