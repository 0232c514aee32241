import { Anchor, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { invalidFields } from '../../../lib/api-error';
import { schedulesPath } from '../../../lib/navigation';
import { useUpdateCompany, type Company } from '../api/company';

/** The API's bounds for the two settings. */
const EDIT_WINDOW = { min: 0, max: 366 };
const REMINDER = { min: 1, max: 48 };

function inRange(value: number | string, range: { min: number; max: number }): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max
  );
}

/**
 * Working-time rules of the company: how far back employees may change their own entries
 * (Bearbeitungsfenster), and after how many hours a still running time gets a reminder mail.
 */
export function WorkingTimeSettings({ company }: { company: Company }) {
  const { t } = useTranslation();
  const [editWindow, setEditWindow] = useState<number | string>(company.editWindowDays);
  const [reminder, setReminder] = useState<number | string>(company.runningReminderHours);
  const [submitted, setSubmitted] = useState(false);
  const update = useUpdateCompany();
  const editWindowOk = inRange(editWindow, EDIT_WINDOW);
  const reminderOk = inRange(reminder, REMINDER);
  const serverFields = invalidFields(update.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!editWindowOk || !reminderOk) return;
    if (editWindow === company.editWindowDays && reminder === company.runningReminderHours) {
      notifications.show({ message: t('company.nothingChanged') });
      return;
    }
    update.mutate(
      { editWindowDays: editWindow, runningReminderHours: reminder },
      { onSuccess: () => notifications.show({ color: 'green', message: t('workingTime.saved') }) },
    );
  }

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="working-time-title"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="working-time-title">
            {t('workingTime.title')}
          </Title>
          <NumberInput
            size="md"
            label={t('workingTime.editWindow.label')}
            description={
              editWindowOk
                ? t(
                    editWindow === 0
                      ? 'workingTime.editWindow.sameDay'
                      : 'workingTime.editWindow.explain',
                    {
                      count: editWindow,
                    },
                  )
                : t('workingTime.editWindow.hint')
            }
            suffix={` ${t('workingTime.days')}`}
            min={EDIT_WINDOW.min}
            max={EDIT_WINDOW.max}
            allowDecimal={false}
            allowNegative={false}
            value={editWindow}
            onChange={setEditWindow}
            error={
              (submitted && !editWindowOk) || serverFields.includes('editWindowDays')
                ? t('workingTime.editWindow.invalid')
                : undefined
            }
            maw={320}
            data-testid="edit-window-days"
          />
          <NumberInput
            size="md"
            label={t('workingTime.reminder.label')}
            description={
              reminderOk
                ? t('workingTime.reminder.explain', { count: reminder })
                : t('workingTime.reminder.hint')
            }
            suffix={` ${t('workingTime.hours')}`}
            min={REMINDER.min}
            max={REMINDER.max}
            allowDecimal={false}
            allowNegative={false}
            value={reminder}
            onChange={setReminder}
            error={
              (submitted && !reminderOk) || serverFields.includes('runningReminderHours')
                ? t('workingTime.reminder.invalid')
                : undefined
            }
            maw={320}
            data-testid="running-reminder-hours"
          />
          {update.isError && serverFields.length === 0 && <ErrorAlert error={update.error} />}
          <Group justify="space-between">
            <Button
              type="submit"
              mih={44}
              loading={update.isPending}
              data-testid="working-time-save"
            >
              {t('common.save')}
            </Button>
            <Text size="sm">
              <Anchor component={Link} to={schedulesPath(null)}>
                {t('workingTime.defaultSchedule')}
              </Anchor>
            </Text>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
