import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSignedInUser } from '../../../lib/auth';
import { reportViewsFor } from '../views';

/**
 * The views of Berichte & Export: the overview per person and the statistics by month. Links,
 * not tabs: each view is its own address, so it can be bookmarked and shared. Only the views
 * the person may open; with one left (employees: their statistics) there is nothing to switch.
 */
export function ReportsNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const views = reportViewsFor(useSignedInUser().role);
  if (views.length < 2) return null;
  return (
    <Group component="nav" gap="xs" aria-label={t('reports.views.label')}>
      {views.map(({ to, key }) => {
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
