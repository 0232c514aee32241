import { Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import {
  useAddAdjustment,
  useRemoveOverride,
  useSetContractDays,
  useSetOverride,
  type EntitlementRow,
} from '../api/vacation';

const REASON_MAX = 500;
const hundredths = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
const validDays = (v: number | string): v is number =>
  typeof v === 'number' && v >= 0 && v <= 365 && hundredths(v);

/** What a saved dialog does: say so in green and close. */
function savedThenClose(message: string, onClose: () => void) {
  return {
    onSuccess: () => {
      notifications.show({ color: 'green', message });
      onClose();
    },
  };
}

/** Why a figure was set by hand: required, kept with the change in the audit log. */
function ReasonInput({
  value,
  onChange,
  invalid,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      size="md"
      label={t('vacation.entitlements.override.reason')}
      description={t('vacation.entitlements.override.reasonHint')}
      maxLength={REASON_MAX}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={invalid ? t('vacation.entitlements.invalid.reason') : undefined}
      data-testid={testId}
    />
  );
}

interface ModalProps {
  row: EntitlementRow;
  year: number;
  onClose: () => void;
}

/** Sets the year's entitlement by hand (with a reason), or removes the override. */
export function OverrideModal({ row, year, onClose }: ModalProps) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | string>(row.override?.days ?? row.computed);
  const [reason, setReason] = useState(row.override?.reason ?? '');
  const [submitted, setSubmitted] = useState(false);
  const set = useSetOverride();
  const remove = useRemoveOverride();
  const daysOk = validDays(days);
  const reasonOk = reason.trim().length > 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!daysOk || !reasonOk) return;
    set.mutate(
      { userId: row.userId, year, days, reason: reason.trim() },
      savedThenClose(t('vacation.entitlements.override.saved', { name: row.name }), onClose),
    );
  }

  return (
    <FormModal
      onClose={onClose}
      title={t('vacation.entitlements.override.title', { year, name: row.name })}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {t('vacation.entitlements.override.computed', { days: row.computed })}
          </Text>
          <NumberInput
            size="md"
            label={t('vacation.entitlements.override.days')}
            min={0}
            max={365}
            decimalScale={2}
            value={days}
            onChange={setDays}
            error={submitted && !daysOk ? t('vacation.entitlements.invalid.days') : undefined}
            data-testid="override-days"
            data-autofocus
          />
          <ReasonInput
            value={reason}
            onChange={setReason}
            invalid={submitted && !reasonOk}
            testId="override-reason"
          />
          {set.isError && <ErrorAlert error={set.error} />}
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="space-between">
            {row.override ? (
              <Button
                variant="subtle"
                color="red"
                mih={44}
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { userId: row.userId, year },
                    {
                      onSuccess: () => {
                        notifications.show({
                          message: t('vacation.entitlements.override.removed'),
                        });
                        onClose();
                      },
                    },
                  )
                }
                data-testid="override-remove"
              >
                {t('vacation.entitlements.override.remove')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" mih={44} loading={set.isPending} data-testid="override-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

/** Books a correction (+/− days in half-day steps) with a reason. */
export function AdjustModal({ row, year, onClose }: ModalProps) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const add = useAddAdjustment();
  const daysOk =
    typeof days === 'number' && days !== 0 && Math.abs(days) <= 365 && Number.isInteger(days * 2);
  const reasonOk = reason.trim().length > 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!daysOk || !reasonOk) return;
    add.mutate(
      { userId: row.userId, year, days, reason: reason.trim() },
      savedThenClose(t('vacation.entitlements.adjust.saved', { name: row.name }), onClose),
    );
  }

  return (
    <FormModal
      onClose={onClose}
      title={t('vacation.entitlements.adjust.title', { year, name: row.name })}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <NumberInput
            size="md"
            label={t('vacation.entitlements.adjust.days')}
            description={t('vacation.entitlements.adjust.daysHint')}
            min={-365}
            max={365}
            step={0.5}
            decimalScale={1}
            value={days}
            onChange={setDays}
            error={submitted && !daysOk ? t('vacation.entitlements.invalid.adjustDays') : undefined}
            data-testid="adjust-days"
            data-autofocus
          />
          <ReasonInput
            value={reason}
            onChange={setReason}
            invalid={submitted && !reasonOk}
            testId="adjust-reason"
          />
          {add.isError && <ErrorAlert error={add.error} />}
          <Group justify="flex-end">
            <Button type="submit" mih={44} loading={add.isPending} data-testid="adjust-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

/** The person's contract days per year, or the company's default. */
export function ContractModal({
  row,
  companyDays,
  onClose,
}: {
  row: EntitlementRow;
  companyDays: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [useDefault, setUseDefault] = useState(row.contractSource === 'company');
  const [days, setDays] = useState<number | string>(row.contractDays);
  const [submitted, setSubmitted] = useState(false);
  const save = useSetContractDays();
  const daysOk = useDefault || validDays(days);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!daysOk) return;
    save.mutate(
      { userId: row.userId, daysPerYear: useDefault ? null : (days as number) },
      savedThenClose(t('vacation.entitlements.contract.saved', { name: row.name }), onClose),
    );
  }

  return (
    <FormModal
      onClose={onClose}
      title={t('vacation.entitlements.contract.title', { name: row.name })}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Checkbox
            size="md"
            label={t('vacation.entitlements.contract.useDefault', { days: companyDays ?? '–' })}
            checked={useDefault}
            onChange={(e) => setUseDefault(e.currentTarget.checked)}
            data-testid="contract-default"
          />
          <NumberInput
            size="md"
            label={t('vacation.entitlements.contract.days')}
            min={0}
            max={365}
            decimalScale={2}
            disabled={useDefault}
            value={days}
            onChange={setDays}
            error={submitted && !daysOk ? t('vacation.entitlements.invalid.days') : undefined}
            data-testid="contract-days"
          />
          {save.isError && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button type="submit" mih={44} loading={save.isPending} data-testid="contract-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
