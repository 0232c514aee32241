import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLang } from '../../../i18n/use-lang';
import { invalidFields } from '../../../lib/api-error';
import { localeOf } from '../../../lib/format';
import { useUpdateCompany, type Company, type CompanyChanges } from '../api/company';

/** Days of each month in a year without 29 February: the API's rule for the carry-over day. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const halfDays = (v: number | string, min: number): v is number =>
  typeof v === 'number' && v >= min && v <= 365 && Number.isInteger(v * 2);

/** Why a carry-over day is refused, or null. */
export function carryOverDayProblem(
  month: number,
  day: number | string,
): 'feb29' | 'invalid' | null {
  if (typeof day !== 'number' || !Number.isInteger(day) || day < 1) return 'invalid';
  if (month === 2 && day === 29) return 'feb29';
  return day > (DAYS_IN_MONTH[month - 1] ?? 31) ? 'invalid' : null;
}

function useMonthNames() {
  const lang = useLang();
  const format = new Intl.DateTimeFormat(localeOf(lang), { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => ({
    value: String(i + 1),
    label: format.format(new Date(Date.UTC(2026, i, 1))),
  }));
}

/**
 * "Abwesenheiten & Urlaub": the company's vacation rules – contract days, what a request beyond
 * the remaining leave does, the second approval of long requests, the carry-over day, pro-rating
 * the entry year, the month of the Resturlaub notice and when approvers are reminded.
 */
export function AbsenceSettings({ company }: { company: Company }) {
  const { t } = useTranslation();
  const months = useMonthNames();
  const [days, setDays] = useState<number | string>(company.vacationDaysPerYear);
  const [overBalance, setOverBalance] = useState(company.vacationOverBalance);
  const [secondApproval, setSecondApproval] = useState<number | string>(
    company.secondApprovalMinDays ?? '',
  );
  const [expiryMonth, setExpiryMonth] = useState(company.carryOverExpiry.month);
  const [expiryDay, setExpiryDay] = useState<number | string>(company.carryOverExpiry.day);
  const [prorate, setProrate] = useState(company.prorateEntryYear);
  const [noticeMonth, setNoticeMonth] = useState(company.vacationNoticeMonth);
  const [reminder, setReminder] = useState<number | string>(company.pendingReminderDays);
  const [submitted, setSubmitted] = useState(false);
  const update = useUpdateCompany();
  const serverFields = invalidFields(update.error);

  const daysOk = halfDays(days, 0);
  const secondOk = secondApproval === '' || halfDays(secondApproval, 0.5);
  const dayProblem = carryOverDayProblem(expiryMonth, expiryDay);
  const reminderOk =
    typeof reminder === 'number' && Number.isInteger(reminder) && reminder >= 1 && reminder <= 60;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!daysOk || !secondOk || dayProblem || !reminderOk) return;
    const changes: CompanyChanges = {};
    if (days !== company.vacationDaysPerYear) changes.vacationDaysPerYear = days;
    if (overBalance !== company.vacationOverBalance) changes.vacationOverBalance = overBalance;
    const second = secondApproval === '' ? null : secondApproval;
    if (second !== company.secondApprovalMinDays) changes.secondApprovalMinDays = second;
    if (expiryMonth !== company.carryOverExpiry.month || expiryDay !== company.carryOverExpiry.day)
      changes.carryOverExpiry = { month: expiryMonth, day: expiryDay as number };
    if (prorate !== company.prorateEntryYear) changes.prorateEntryYear = prorate;
    if (noticeMonth !== company.vacationNoticeMonth) changes.vacationNoticeMonth = noticeMonth;
    if (reminder !== company.pendingReminderDays) changes.pendingReminderDays = reminder;
    if (Object.keys(changes).length === 0) {
      notifications.show({ message: t('company.nothingChanged') });
      return;
    }
    update.mutate(changes, {
      onSuccess: () => notifications.show({ color: 'green', message: t('absenceSettings.saved') }),
    });
  }

  const fieldError = (ok: boolean, field: string, message: string) =>
    (submitted && !ok) || serverFields.includes(field) ? message : undefined;

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="absence-settings-title"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="absence-settings-title">
            {t('absenceSettings.title')}
          </Title>
          <NumberInput
            size="md"
            label={t('absenceSettings.vacationDays.label')}
            description={t('absenceSettings.vacationDays.hint')}
            suffix={` ${t('absenceSettings.days')}`}
            min={0}
            max={365}
            step={0.5}
            decimalScale={1}
            allowNegative={false}
            value={days}
            onChange={setDays}
            error={fieldError(
              daysOk,
              'vacationDaysPerYear',
              t('absenceSettings.vacationDays.invalid'),
            )}
            maw={320}
            data-testid="vacation-days-per-year"
          />
          <Radio.Group
            size="md"
            label={t('absenceSettings.overBalance.label')}
            value={overBalance}
            onChange={(v) => setOverBalance(v === 'refuse' ? 'refuse' : 'warn')}
            data-testid="vacation-over-balance"
          >
            <Group gap="lg" mt={6}>
              <Radio value="warn" label={t('absenceSettings.overBalance.warn')} />
              <Radio value="refuse" label={t('absenceSettings.overBalance.refuse')} />
            </Group>
          </Radio.Group>
          <NumberInput
            size="md"
            label={t('absenceSettings.secondApproval.label')}
            description={t('absenceSettings.secondApproval.hint')}
            suffix={` ${t('absenceSettings.days')}`}
            min={0.5}
            max={365}
            step={0.5}
            decimalScale={1}
            allowNegative={false}
            value={secondApproval}
            onChange={setSecondApproval}
            error={fieldError(
              secondOk,
              'secondApprovalMinDays',
              t('absenceSettings.secondApproval.invalid'),
            )}
            maw={320}
            data-testid="second-approval-min-days"
          />
          <Stack gap={4}>
            <Group gap="sm" align="flex-start">
              <NativeSelect
                size="md"
                label={t('absenceSettings.carryOver.label')}
                data={months}
                value={String(expiryMonth)}
                onChange={(e) => setExpiryMonth(Number(e.currentTarget.value))}
                data-testid="carry-over-month"
              />
              <NumberInput
                size="md"
                label={t('absenceSettings.carryOver.day')}
                min={1}
                max={31}
                allowDecimal={false}
                allowNegative={false}
                value={expiryDay}
                onChange={setExpiryDay}
                error={
                  (submitted && dayProblem) ||
                  serverFields.some((f) => f.startsWith('carryOverExpiry'))
                    ? t(
                        dayProblem === 'feb29'
                          ? 'absenceSettings.carryOver.feb29'
                          : 'absenceSettings.carryOver.invalid',
                      )
                    : undefined
                }
                w={120}
                data-testid="carry-over-day"
              />
            </Group>
            <Text size="sm" c="dimmed">
              {t('absenceSettings.carryOver.hint')}
            </Text>
          </Stack>
          <Switch
            size="md"
            label={t('absenceSettings.prorate.label')}
            description={t('absenceSettings.prorate.hint')}
            checked={prorate}
            onChange={(e) => setProrate(e.currentTarget.checked)}
            data-testid="prorate-entry-year"
          />
          <NativeSelect
            size="md"
            label={t('absenceSettings.noticeMonth.label')}
            description={t('absenceSettings.noticeMonth.hint')}
            data={months}
            value={String(noticeMonth)}
            onChange={(e) => setNoticeMonth(Number(e.currentTarget.value))}
            maw={320}
            data-testid="vacation-notice-month"
          />
          <NumberInput
            size="md"
            label={t('absenceSettings.pendingReminder.label')}
            description={t('absenceSettings.pendingReminder.hint')}
            suffix={` ${t('absenceSettings.days')}`}
            min={1}
            max={60}
            allowDecimal={false}
            allowNegative={false}
            value={reminder}
            onChange={setReminder}
            error={fieldError(
              reminderOk,
              'pendingReminderDays',
              t('absenceSettings.pendingReminder.invalid'),
            )}
            maw={320}
            data-testid="pending-reminder-days"
          />
          {update.isError && serverFields.length === 0 && <ErrorAlert error={update.error} />}
          <Group>
            <Button
              type="submit"
              mih={44}
              loading={update.isPending}
              data-testid="absence-settings-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
