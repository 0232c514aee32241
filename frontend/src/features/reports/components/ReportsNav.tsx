import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { PATHS } from '../../../lib/navigation';

const VIEWS = [
  { to: PATHS.reports, key: 'overview' },
  { to: PATHS.reportStatistics, key: 'statistics' },
] as const;

/**
 * The views of Berichte & Export: the overview per person and the statistics by month. Links,
 * not tabs: each view is its own address, so it can be bookmarked and shared.
 */
export function ReportsNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Group component="nav" gap="xs" aria-label={t('reports.views.label')}>
      {VIEWS.map(({ to, key }) => {
        const current = pathname === to;
        return (
          <Button
            key={key}
            component={Link}
            to={to}
            variant={current ? 'filled' : 'default'}
            mih={44}
            aria-current={current ? 'page' : undefined}
            data-testid={`reports-view-${key}`}
          >
            {t(`reports.views.${key}`)}
          </Button>
        );
      })}
    </Group>
  );
}
