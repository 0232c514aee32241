import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReveal } from '../../../lib/use-reveal';
import type { VacationReturns } from '../absence-logic';
import { useAbsenceTexts } from '../use-absence-texts';

/**
 * A sickness over vacation (§ 9 BUrlG), answered with ABSENCE_OVERLAPS_VACATION: what becomes
 * of each vacation and how many days come back, and the button that records the sickness with
 * the days given back. Nothing changed yet; cancelling the form leaves everything as it was.
 */
export function VacationReturnConfirm({
  returns,
  onConfirm,
  pending,
}: {
  returns: VacationReturns;
  onConfirm: () => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  // It appears below the form when "Eintragen" is pressed: show it.
  const ref = useReveal<HTMLDivElement>();
  return (
    <Alert
      ref={ref}
      color="orange"
      role="alert"
      title={t('absences.vacationReturn.title')}
      data-testid="absence-vacation-return"
    >
      <Stack gap="xs">
        <Text size="sm">{t('absences.vacationReturn.intro')}</Text>
        <List size="sm" spacing={4}>
          {returns.vacations.map((v) => (
            <List.Item key={v.id}>{texts.vacationReturn(v)}</List.Item>
          ))}
        </List>
        <Text size="sm" fw={500}>
          {t('absences.vacationReturn.total', {
            days: texts.vacationDays(returns.daysReturned),
          })}
        </Text>
        <Group justify="flex-end">
          {/* A long label: it wraps on a phone instead of widening the dialog. */}
          <Button
            mih={44}
            h="auto"
            py={8}
            maw="100%"
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
            loading={pending}
            disabled={pending}
            onClick={onConfirm}
            data-testid="absence-vacation-return-confirm"
          >
            {t('absences.vacationReturn.confirm')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
