import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client';

/**
 * The installation's name (APP_NAME, from `GET /api/v1/meta`), shown in the header and the
 * browser tab. Falls back to the product name while loading or when the API is unreachable.
 */
export function useAppName(): string {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['meta'],
    queryFn: async ({ signal }) => {
      const { data: meta } = await client.GET('/api/v1/meta', { signal });
      return meta ?? null;
    },
    staleTime: Infinity,
  });
  return data?.name ?? t('app.name');
}
