import { TextInput } from '@mantine/core';
import { MonthPicker } from './MonthPicker';
import { firstDayOf, isDay, lastDayOf, monthOf, type Day } from '../lib/calendar';

/**
 * A period as the report pages choose it: a month with arrows, or any first and last day. Only
 * whole days reach `onChange`; a half-typed date stays in the field.
 */
export function PeriodFields({
  from,
  to,
  error,
  labels,
  testIdPrefix,
  monthTestId,
  onChange,
}: {
  from: Day;
  to: Day;
  error: string | null;
  labels: { from: string; to: string };
  testIdPrefix: string;
  monthTestId?: string;
  onChange: (period: { from: Day; to: Day } | { from: Day } | { to: Day }) => void;
}) {
  return (
    <>
      <MonthPicker
        month={monthOf(from)}
        onChange={(month) => onChange({ from: firstDayOf(month), to: lastDayOf(month) })}
        testId={monthTestId}
      />
      <TextInput
        type="date"
        size="md"
        label={labels.from}
        value={from}
        onChange={(e) => isDay(e.currentTarget.value) && onChange({ from: e.currentTarget.value })}
        data-testid={`${testIdPrefix}-from`}
      />
      <TextInput
        type="date"
        size="md"
        label={labels.to}
        value={to}
        onChange={(e) => isDay(e.currentTarget.value) && onChange({ to: e.currentTarget.value })}
        error={error}
        data-testid={`${testIdPrefix}-to`}
      />
    </>
  );
}
