import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatDuration, formatTime } from '../../../lib/format';
import { minutesUntil, type ClockState } from '../clock-logic';
import { InfoIcon, WarningIcon } from '../components/icons';
import classes from '../time.module.css';

function span(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : formatDuration(minutes);
}

/**
 * The live ArbZG hints below the clock button, worded in the UI language from the hint's code
 * and instant, and counted down client-side ("Pause fällig in 20 min", "10-h-Grenze um 18:42").
 */
export function ClockHints({
  hints,
  now,
  timeZone,
}: {
  hints: ClockState['hints'];
  now: number;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (hints.length === 0) return null;
  return (
    <Stack gap={4} data-testid="clock-hints">
      {hints.map((hint) => {
        const left = minutesUntil(hint.at, now);
        const time = formatTime(hint.at, lang, timeZone);
        const text =
          hint.code === 'BREAK_DUE'
            ? left > 0
              ? t('clock.hints.breakDueIn', { duration: span(left), time })
              : left === 0
                ? t('clock.hints.breakDueNow')
                : t('clock.hints.breakOverdue', { duration: span(-left) })
            : left > 0
              ? t('clock.hints.dailyLimitAt', { time })
              : t('clock.hints.dailyLimitPassed', { time });
        const urgent = left <= 15;
        return (
          <Group
            key={hint.code}
            gap={6}
            wrap="nowrap"
            className={urgent ? classes.warnText : undefined}
            c={urgent ? undefined : 'dimmed'}
          >
            {urgent ? <WarningIcon /> : <InfoIcon />}
            <Text size="sm" c="inherit">
              {text}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
