import { Badge, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, formatTime } from '../../../lib/format';
import type { PresencePerson, PresenceStatus } from '../presence-state';

/** Each status has a word, a letter and a look; the colour only repeats what the word says. */
export const STATUS_LOOK: Record<PresenceStatus, { color: string; variant: string }> = {
  working: { color: 'green', variant: 'filled' },
  break: { color: 'orange', variant: 'light' },
  absent: { color: 'brand', variant: 'outline' },
  off: { color: 'gray', variant: 'outline' },
};

function isToday(instant: string): boolean {
  return new Date(instant).toDateString() === new Date().toDateString();
}

/** One person: name, status and since when ("seit 08:12", or a date for longer absences). */
export function PersonCard({ person }: { person: PresencePerson }) {
  const { t } = useTranslation();
  const lang = useLang();
  const since = person.since
    ? isToday(person.since)
      ? formatTime(person.since, lang)
      : formatDate(person.since, lang)
    : null;
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="presence-person"
      data-status={person.status}
      data-name={person.name}
    >
      <Text fw={600} truncate="end">
        {person.name}
      </Text>
      <Badge mt={6} {...STATUS_LOOK[person.status]}>
        {t(`presence.status.${person.status}`)}
      </Badge>
      {since && (
        <Text size="sm" c="dimmed" mt={4}>
          <Num>{t('presence.since', { since })}</Num>
        </Text>
      )}
    </Paper>
  );
}
