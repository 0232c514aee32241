import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A screen's filters in the URL, so a link shows the same view: the current parameters and
 * `update`, which sets some of them (null removes one) and replaces the history entry, so the
 * back button leaves the screen instead of stepping through every filter change.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, update] as const;
}
