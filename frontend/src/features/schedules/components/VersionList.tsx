import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { WorkSchedule } from '../api/schedules';
import { isFuture, newestFirst } from '../working-hours';
import { WeekHours } from './WeekHours';

type VersionState = 'planned' | 'inForce' | 'replaced';

const BADGE: Record<VersionState, { color: string; variant: string }> = {
  planned: { color: 'brand', variant: 'outline' },
  inForce: { color: 'green', variant: 'filled' },
  replaced: { color: 'gray', variant: 'light' },
};

/**
 * The history of a schedule, newest "gültig ab" first: planned versions (removable), the one in
 * force, and those it replaced (kept, since past targets are computed from them).
 */
export function VersionList({
  versions,
  inForceId,
  today,
  deletingId,
  onDelete,
}: {
  versions: readonly WorkSchedule[];
  inForceId: string | null;
  today: string;
  deletingId: string | null;
  onDelete: (version: WorkSchedule) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="sm" component="section" aria-labelledby="schedule-history-title">
      <Title order={2} size="h3" id="schedule-history-title">
        {t('schedules.history.title')}
      </Title>
      {versions.length === 0 ? (
        <Text c="dimmed" data-testid="schedule-history-empty">
          {t('schedules.history.empty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0}>
          {newestFirst(versions).map((version) => {
            const state: VersionState = isFuture(version, today)
              ? 'planned'
              : version.id === inForceId
                ? 'inForce'
                : 'replaced';
            return (
              <Paper
                key={version.id}
                withBorder
                p="sm"
                component="li"
                style={{ listStyle: 'none' }}
                data-testid="schedule-version"
                data-valid-from={version.validFrom}
                data-state={state}
              >
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Stack gap={6} style={{ flex: '1 1 20rem' }} miw={0}>
                    <Group gap="xs">
                      <Text fw={600}>
                        <Num>
                          {t('schedules.history.validFrom', {
                            date: formatDate(version.validFrom, lang),
                          })}
                        </Num>
                      </Text>
                      <Badge {...BADGE[state]}>{t(`schedules.history.state.${state}`)}</Badge>
                    </Group>
                    <WeekHours minutesPerWeekday={version.minutesPerWeekday} />
                    <Text size="xs" c="dimmed">
                      <Num>
                        {t('schedules.history.created', {
                          date: formatDateTime(version.createdAt, lang),
                        })}
                      </Num>
                    </Text>
                  </Stack>
                  {state === 'planned' && (
                    <Button
                      variant="outline"
                      color="red"
                      mih={44}
                      loading={deletingId === version.id}
                      onClick={() => onDelete(version)}
                      aria-label={t('schedules.history.deleteFor', {
                        date: formatDate(version.validFrom, lang),
                      })}
                      data-testid="schedule-delete"
                    >
                      {t('schedules.history.delete')}
                    </Button>
                  )}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
