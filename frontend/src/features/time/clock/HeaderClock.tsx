import { Button, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDuration } from '../../../lib/format';
import { PATHS } from '../../../lib/navigation';
import { actionsFor } from '../clock-logic';
import { WarningIcon } from '../components/icons';
import classes from '../time.module.css';
import { actionLabel, statusText } from './clock-texts';
import { useClockController } from './use-clock-controller';

/**
 * The clock in the header of every page (ZE `_top.html`): status dot and today's time, linking
 * to the dashboard, plus the one next action. A forgotten clock-out leads to the timesheet.
 */
export function HeaderClock() {
  const { t } = useTranslation();
  const lang = useLang();
  const { state, timeZone, workedMinutes, forgottenDay, act, pending } = useClockController();
  if (!state || !timeZone) return null;

  const status = statusText(t, state, lang, timeZone);
  const { primary } = actionsFor(state.status);
  return (
    <Group gap={4} wrap="nowrap" data-testid="header-clock" data-status={state.status}>
      <UnstyledButton
        component={Link}
        to={PATHS.home}
        mih={44}
        px={6}
        aria-label={`${status} · ${t('clock.workedToday')} ${formatDuration(workedMinutes)}`}
        title={status}
      >
        <Group gap={6} wrap="nowrap">
          <span className={classes.dot} data-status={state.status} aria-hidden="true" />
          {/* On phones the header has room for the dot and the button only. */}
          <Num>
            <Text span size="sm" fw={600} visibleFrom="xs" style={{ whiteSpace: 'nowrap' }}>
              {formatDuration(workedMinutes)}
            </Text>
          </Num>
        </Group>
      </UnstyledButton>
      {forgottenDay ? (
        <Button
          component={Link}
          to={`${PATHS.timesheet}?day=${forgottenDay}`}
          color="orange"
          variant="light"
          mih={44}
          px="xs"
          leftSection={<WarningIcon />}
        >
          {t('clock.forgotten.short')}
        </Button>
      ) : (
        <Button
          mih={44}
          px="sm"
          style={{ flex: 'none' }}
          variant={state.status === 'off' ? 'filled' : 'light'}
          disabled={pending}
          onClick={() => act(primary)}
          data-testid={`header-clock-${primary}`}
        >
          {actionLabel(t, primary)}
        </Button>
      )}
    </Group>
  );
}
