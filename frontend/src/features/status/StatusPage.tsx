import {
  Alert,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppName } from '../../lib/use-app-name';
import { Num } from '../../components/Num';
import { useLang } from '../../i18n/use-lang';
import { formatTime } from '../../lib/format';
import { useHealth, type HealthResult } from './api/get-health';
import { HealthBadge } from './components/HealthBadge';
import classes from './StatusPage.module.css';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md" className={classes.row}>
      <Text component="dt" fw={500}>
        {label}
      </Text>
      <Box component="dd" className={classes.value}>
        {children}
      </Box>
    </Group>
  );
}

function HealthRows({ health }: { health: HealthResult }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder component="dl" className={classes.rows}>
      <Row label={t('status.rows.overall')}>
        <HealthBadge value={health.status} testId="health-overall" />
      </Row>
      <Row label={t('status.rows.database')}>
        <HealthBadge value={health.database} testId="health-database" />
      </Row>
      <Row label={t('status.rows.redis')}>
        <HealthBadge value={health.redis} testId="health-redis" />
      </Row>
    </Paper>
  );
}

function LoadingRows() {
  const { t } = useTranslation();
  return (
    <Box aria-busy="true" data-testid="health-loading">
      <VisuallyHidden role="status">{t('status.loading')}</VisuallyHidden>
      <Stack gap="xs" aria-hidden="true">
        <Skeleton height={20} width="70%" />
        <Skeleton height={170} />
        <Skeleton height={16} width="40%" />
      </Stack>
    </Box>
  );
}

/** `/status`: is the backend up, and are its database and Redis reachable? */
export function StatusPage() {
  const { t } = useTranslation();
  const appName = useAppName();
  const lang = useLang();
  const { data, isError, isFetching, dataUpdatedAt, refetch } = useHealth();
  const title = t('status.title');
  const updatedAt = new Date(dataUpdatedAt);
  const retry = (
    <Button
      variant="default"
      mih={44}
      loading={isFetching}
      onClick={() => void refetch()}
      data-testid="health-retry"
    >
      {t('status.retry')}
    </Button>
  );

  let content: ReactNode;
  if (data) {
    content = (
      <>
        {isError && (
          <Alert color="orange" title={t('status.stale.title')} data-testid="health-stale">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">
                {t('status.stale.message', { time: formatTime(updatedAt, lang) })}
              </Text>
              {retry}
            </Stack>
          </Alert>
        )}
        {/* After a failed refresh the old summary could contradict the warning above. */}
        {!isError && <Text data-testid="health-summary">{t(`status.summary.${data.status}`)}</Text>}
        <HealthRows health={data} />
        <Text size="sm" c="dimmed">
          <time dateTime={updatedAt.toISOString()} data-testid="health-updated">
            <Num>{t('status.asOf', { time: formatTime(updatedAt, lang) })}</Num>
          </time>
          {' · '}
          {t('status.autoRefresh')}
        </Text>
      </>
    );
  } else if (isError) {
    content = (
      <Alert color="red" title={t('status.unreachable.title')} data-testid="health-error">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('status.unreachable.message')}</Text>
          {retry}
        </Stack>
      </Alert>
    );
  } else {
    content = <LoadingRows />;
  }

  return (
    <Stack gap="lg" maw={640}>
      <title>{t('app.pageTitle', { page: title, app: appName })}</title>
      <Title order={1}>{title}</Title>
      {content}
    </Stack>
  );
}
