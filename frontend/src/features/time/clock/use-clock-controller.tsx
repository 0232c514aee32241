import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { notify } from '../components/notify';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatDuration, formatTime } from '../../../lib/format';
import { useErrorMessage } from '../../../lib/use-error-message';
import { useClock, useClockAction } from '../api/clock';
import { useCompanyTime } from '../api/timesheet';
import {
  canUndoClockOut,
  forgottenClockOutDay,
  liveWorkedMinutes,
  missingBreakMinutes,
  type ClockAction,
  type ClockState,
} from '../clock-logic';
import { useNow } from '../components/use-now';

const CLOCK_OUT_TOAST = 'clock-out';

/**
 * Everything both clocks (dashboard and header) need: the state, today's live worked minutes,
 * the company's time zone, and `act` which stamps with optimistic update, reports errors and,
 * after Gehen, shows the undo toast with the ArbZG break warning.
 */
export function useClockController() {
  const { t } = useTranslation();
  const lang = useLang();
  const errorMessage = useErrorMessage();
  const clock = useClock();
  const company = useCompanyTime();
  const mutation = useClockAction();
  // Minutes are what is shown; checking every 10 s keeps the minute roll-over prompt.
  const now = useNow(10_000);

  const state = clock.data;
  const timeZone = company.data?.timeZone;
  const workedMinutes = state ? liveWorkedMinutes(state, clock.dataUpdatedAt, now) : 0;
  const forgottenDay = state && timeZone ? forgottenClockOutDay(state, timeZone) : null;

  function showClockedOut(after: ClockState, previous: ClockState['status']) {
    const missing = missingBreakMinutes(after.today.workedMinutes, after.today.breakMinutes);
    const undo = canUndoClockOut(previous)
      ? () => {
          notifications.hide(CLOCK_OUT_TOAST);
          mutation.mutate(
            { action: 'clockIn', workedMinutes: after.today.workedMinutes },
            { onError: (error) => showError(error) },
          );
        }
      : null;
    notify({
      id: CLOCK_OUT_TOAST,
      color: missing > 0 ? 'orange' : 'green',
      autoClose: missing > 0 ? 20_000 : 10_000,
      title: t('clock.clockedOut', {
        time: formatTime(new Date(), lang, timeZone),
        worked: formatDuration(after.today.workedMinutes),
      }),
      message: (
        <Stack gap={6} align="flex-start" data-testid="clock-out-toast">
          {missing > 0 && (
            <Text size="sm" data-testid="break-warning">
              {t('clock.breakMissing', {
                worked: formatDuration(after.today.workedMinutes),
                taken: after.today.breakMinutes,
                missing,
              })}
            </Text>
          )}
          {undo ? (
            <Group gap="xs">
              <Button size="compact-md" mih={44} variant="default" onClick={undo}>
                {t('clock.undo')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('clock.undoExplained')}
              </Text>
            </Group>
          ) : null}
        </Stack>
      ),
    });
  }

  function showError(error: unknown) {
    notify({
      color: 'red',
      title: t('clock.failed'),
      message: errorMessage(error),
      autoClose: 15_000,
    });
  }

  function act(action: ClockAction) {
    if (!state) return;
    const previous = state.status;
    mutation.mutate(
      { action, workedMinutes },
      {
        onSuccess: (after) => {
          if (action === 'clockOut') showClockedOut(after, previous);
        },
        onError: (error) => {
          showError(error);
          // The state may have changed elsewhere (another device): show what is true now.
          void clock.refetch();
        },
      },
    );
  }

  return {
    clock,
    state,
    timeZone,
    workedMinutes,
    forgottenDay,
    act,
    pending: mutation.isPending,
    now,
  };
}

export type ClockController = ReturnType<typeof useClockController>;
