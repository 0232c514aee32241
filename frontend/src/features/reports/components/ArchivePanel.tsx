import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import type { Lang } from '../../../i18n/languages';
import { formatBytes, formatDate, formatMonth, localeOf } from '../../../lib/format';
import { useErrorMessage } from '../../../lib/use-error-message';
import type { TimesheetArchive } from '../api/archive';
import {
  isUnfinished,
  useArchiveDownload,
  useArchiveStatus,
  useArchives,
  useRequestArchive,
} from '../api/archive';
import type { OverviewRole } from '../api/overview';

/** How many of the latest archives are listed. */
const SHOWN = 5;

/**
 * "Alle Stundenzettel (ZIP)": every timesheet PDF of the selected month for the people of the
 * overview, made on the server while a progress bar shows how far it is, then downloadable for
 * a week. Only whole months (the PDF is a month's Stundenzettel).
 */
export function ArchivePanel({
  month,
  teamId,
  role,
  lang,
  teamName,
}: {
  /** The month of the selected period, or null when the period is not one whole month. */
  month: string | null;
  teamId: string | null;
  role: OverviewRole | null;
  lang: Lang;
  teamName: (id: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const titleId = useId();
  const archives = useArchives();
  const request = useRequestArchive();

  function ask() {
    if (!month) return;
    request.mutate(
      { month, teamId, role, lang },
      {
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: t('reports.archive.requestFailed'),
            message: errorMessage(error),
          }),
      },
    );
  }

  const shown = (archives.data ?? []).slice(0, SHOWN);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Stack gap={4} style={{ flex: '1 1 16rem' }}>
            <Title order={2} size="h4" id={titleId}>
              {t('reports.archive.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {month
                ? t('reports.archive.hint', { month: formatMonth(month, lang) })
                : t('reports.archive.wholeMonthOnly')}
            </Text>
          </Stack>
          <Button
            mih={44}
            onClick={ask}
            loading={request.isPending}
            disabled={!month}
            data-testid="archive-request"
          >
            {t('reports.archive.button')}
          </Button>
        </Group>
        {shown.length > 0 && (
          <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {shown.map((archive) => (
              <ArchiveRow key={archive.id} archive={archive} lang={lang} teamName={teamName} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** One archive: what it holds, then its progress, its download, or why there is none. */
function ArchiveRow({
  archive: listed,
  lang,
  teamName,
}: {
  archive: TimesheetArchive;
  lang: Lang;
  teamName: (id: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data: archive } = useArchiveStatus(listed);
  const download = useArchiveDownload();
  const what = [
    formatMonth(archive.month, lang),
    archive.teamId
      ? (teamName(archive.teamId) ?? t('reports.archive.oneTeam'))
      : t('teamFilter.all'),
    archive.role ? t(`reports.role.${archive.role}`) : t('reports.role.all'),
  ].join(' · ');
  const percent =
    archive.totalCount > 0 ? Math.round((archive.doneCount / archive.totalCount) * 100) : 0;

  function save() {
    download.mutate(archive, {
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: t('reports.archive.downloadFailed'),
          message: errorMessage(error),
        }),
    });
  }

  return (
    <Stack gap={6} component="li" data-testid="archive-row" data-status={archive.status}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {what}
        </Text>
        {archive.status === 'done' && (
          <Button
            variant="light"
            mih={44}
            onClick={save}
            loading={download.isPending}
            data-testid="archive-download"
          >
            {t('reports.archive.download', {
              size: formatBytes(archive.sizeBytes ?? 0, localeOf(lang)),
            })}
          </Button>
        )}
      </Group>
      {isUnfinished(archive) && (
        <>
          <Progress
            value={percent}
            animated
            aria-label={t('reports.archive.progressLabel', { what })}
          />
          <Text size="sm" c="dimmed">
            <Num>
              {archive.status === 'queued'
                ? t('reports.archive.queued')
                : t('reports.archive.running', {
                    done: archive.doneCount,
                    total: archive.totalCount,
                  })}
            </Num>
          </Text>
        </>
      )}
      {archive.status === 'done' && (
        <Text size="sm" c="dimmed" role="status">
          <Num>
            {t('reports.archive.ready', {
              count: archive.totalCount,
              date: formatDate(archive.expiresAt, lang),
            })}
          </Num>
        </Text>
      )}
      {archive.status === 'failed' && (
        <Alert color="red" variant="light" role="status" data-testid="archive-failed">
          {t(`reports.archive.errors.${archive.error ?? 'INTERNAL_ERROR'}`)}
        </Alert>
      )}
      {archive.status === 'expired' && (
        <Text size="sm" c="dimmed">
          {t('reports.archive.expired')}
        </Text>
      )}
    </Stack>
  );
}
