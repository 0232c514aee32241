import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { VacationAccountCard } from './VacationAccountCard';
import { yearParam } from './vacation-logic';

/**
 * `/vacation` (everyone in a company): the own Urlaubskonto; `?year=` keeps the year in the URL,
 * and `?userId=` shows someone else's for managers (their teams) and admins.
 */
export function VacationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = yearParam(params.get('year'));
  const userId = params.get('userId');
  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('vacation.title')} description={t('vacation.intro')} />
      <VacationAccountCard
        userId={userId}
        year={year}
        onYearChange={(next) =>
          setParams(
            (p) => {
              p.set('year', String(next));
              return p;
            },
            { replace: true },
          )
        }
      />
    </Stack>
  );
}
