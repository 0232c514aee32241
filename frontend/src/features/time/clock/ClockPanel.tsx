import {
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, formatDuration } from '../../../lib/format';
import { PATHS } from '../../../lib/navigation';
import { addDays } from '../../../lib/zoned-time';
import { actionsFor, type ClockAction } from '../clock-logic';
import { WarningIcon } from '../components/icons';
import classes from '../time.module.css';
import { ClockHints } from './ClockHints';
import { actionLabel, statusText } from './clock-texts';
import type { ClockController } from './use-clock-controller';

/**
 * The Stempeluhr on the dashboard: status chip, today's worked time ticking, one big button
 * (Kommen, or Pause | Gehen, or Pause beenden | Gehen) and the live ArbZG hints below it.
 */
export function ClockPanel({ controller }: { controller: ClockController }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { clock, state, timeZone, workedMinutes, forgottenDay, act, pending, now } = controller;

  if (clock.isError && !state) {
    return <ErrorAlert error={clock.error} onRetry={() => void clock.refetch()} />;
  }
  if (!state || !timeZone) return <LoadingBlock label={t('clock.loading')} rows={2} height={64} />;

  const status = statusText(t, state, lang, timeZone);
  const { primary, secondary } = actionsFor(state.status);
  const forgottenTitle = !forgottenDay
    ? ''
    : forgottenDay === addDays(state.today.day, -1)
      ? t('clock.forgotten.yesterday')
      : t('clock.forgotten.earlier', { date: formatDate(forgottenDay, lang) });
  const button = (action: ClockAction, filled: boolean) => (
    <Button
      key={action}
      fullWidth
      className={classes.clockButton}
      variant={filled ? 'filled' : 'light'}
      disabled={pending}
      onClick={() => act(action)}
      data-testid={`clock-${action}`}
    >
      {actionLabel(t, action)}
    </Button>
  );

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="clock-title"
      data-testid="clock-panel"
    >
      <Stack gap="sm">
        <VisuallyHidden>
          <h2 id="clock-title">{t('clock.title')}</h2>
        </VisuallyHidden>
        <Group gap={8} wrap="nowrap" data-testid="clock-status" data-status={state.status}>
          <span className={classes.dot} data-status={state.status} aria-hidden="true" />
          <Text fw={600}>{status}</Text>
        </Group>
        {/* Status changes are announced once; the ticking timer is not read out every minute. */}
        <VisuallyHidden aria-live="polite" role="status">
          {status}
        </VisuallyHidden>
        <div>
          <Num>
            <Text
              span
              fz={44}
              fw={700}
              lh={1.1}
              role="timer"
              aria-label={t('clock.workedToday')}
              data-testid="clock-timer"
            >
              {formatDuration(workedMinutes)}
            </Text>
          </Num>
          <Text size="sm" c="dimmed">
            {t('clock.workedToday')} ·{' '}
            {t('clock.breakToday', { duration: formatDuration(state.today.breakMinutes) })}
          </Text>
        </div>

        {forgottenDay ? (
          <Alert
            color="orange"
            icon={<WarningIcon size={20} />}
            title={forgottenTitle}
            data-testid="clock-forgotten"
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {t('clock.forgotten.text', { date: formatDate(forgottenDay, lang) })}
              </Text>
              <Button
                component={Link}
                to={`${PATHS.timesheet}?day=${forgottenDay}`}
                mih={44}
                color="orange"
              >
                {t('clock.forgotten.fix')}
              </Button>
            </Stack>
          </Alert>
        ) : secondary ? (
          <SimpleGrid cols={2} spacing="sm">
            {button(primary, state.status === 'break')}
            {button(secondary, state.status === 'working')}
          </SimpleGrid>
        ) : (
          button(primary, true)
        )}

        {!forgottenDay && <ClockHints hints={state.hints} now={now} timeZone={timeZone} />}
      </Stack>
    </Paper>
  );
}
