import { Alert, Anchor, Badge, Collapse, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { formatDate } from '../../../lib/format';
import { countLines, formatDayNumber, refusesForGood, type AbsencePreview } from '../absence-logic';
import { useAbsenceTexts } from '../use-absence-texts';

/**
 * The live answer of POST /absences/preview under the form: "3,5 Arbeitstage – danach 11
 * übrig" (per year across 31 December), the days one by one on demand with the holidays'
 * names, what would refuse or warn, and who of the team is away in the range.
 */
export function PreviewPanel({
  complete,
  preview,
}: {
  /** Whether type and range are complete enough to count. */
  complete: boolean;
  preview: UseQueryResult<AbsencePreview>;
}) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const [showDays, setShowDays] = useState(false);
  const data = complete ? preview.data : undefined;

  if (!complete) {
    return (
      <Text size="sm" c="dimmed" data-testid="absence-count-hint">
        {t('absences.form.pickRange')}
      </Text>
    );
  }
  if (!data) {
    return preview.isError ? (
      <Alert color="red" role="alert" title={t('errors.title')}>
        {texts.error(preview.error)}
      </Alert>
    ) : (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {t('absences.form.counting')}
        </Text>
      </Group>
    );
  }

  const lines = countLines(data, texts.lang);
  const stale = preview.isFetching;
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-busy={stale} data-testid="absence-preview">
      <Stack gap="xs">
        {lines.length === 0 ? (
          <Text size="sm">{t('absences.form.countOpenEnd')}</Text>
        ) : (
          lines.map((line) => (
            <Text
              key={line.year ?? 'all'}
              fw={600}
              c={line.overdrawn ? 'red.8' : undefined}
              data-testid="absence-count"
            >
              <Num>{texts.countLine(line)}</Num>
            </Text>
          ))
        )}

        {data.days.length > 0 && (
          <>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setShowDays((v) => !v)}
              aria-expanded={showDays}
              aria-controls="absence-day-list"
              mih={44}
              ta="left"
              data-testid="absence-days-toggle"
            >
              {showDays ? t('absences.form.daysHide') : t('absences.form.daysShow')}
            </Anchor>
            <Collapse expanded={showDays}>
              <Stack gap={2} component="ul" p={0} m={0} id="absence-day-list">
                {data.days.map((d) => (
                  <Group
                    key={d.day}
                    component="li"
                    justify="space-between"
                    wrap="nowrap"
                    gap="xs"
                    style={{ listStyle: 'none' }}
                    data-testid="absence-day"
                  >
                    <Text size="sm">{formatDate(d.day, texts.lang)}</Text>
                    <Text size="sm" c={d.counted === 0 ? 'dimmed' : undefined} ta="right">
                      <Num>{formatDayNumber(d.counted, texts.lang)}</Num>
                      {' · '}
                      {d.holidayName ?? t(`absences.reason.${d.reason}`)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Collapse>
          </>
        )}

        {data.problems.map((p) => (
          <Alert
            key={p.code}
            color={refusesForGood(p) ? 'red' : 'yellow'}
            role={refusesForGood(p) ? 'alert' : 'status'}
            p="xs"
            data-testid={refusesForGood(p) ? 'absence-refusal' : 'absence-warning'}
          >
            <Text size="sm">{texts.problem(p)}</Text>
          </Alert>
        ))}

        <Stack gap={4} data-testid="absent-colleagues">
          <Text size="sm" fw={500}>
            {t('absences.form.absentTitle')}
          </Text>
          {data.absentColleagues.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('absences.form.absentNone')}
            </Text>
          ) : (
            <Stack gap={2} component="ul" p={0} m={0}>
              {data.absentColleagues.map((c) => (
                <Group
                  key={`${c.userId}-${c.from}`}
                  component="li"
                  gap={6}
                  wrap="wrap"
                  style={{ listStyle: 'none' }}
                >
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {c.type ? c.type.name[texts.lang] : t('absences.form.absentHidden')} ·{' '}
                    {texts.range({
                      from: c.from,
                      to: c.to,
                      halfDayStart: false,
                      halfDayEnd: false,
                    })}
                  </Text>
                  {c.pending && (
                    <Badge size="sm" variant="outline" color="gray">
                      {t('absences.status.requested')}
                    </Badge>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
