import { NativeSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BUNDESLAENDER, timeZoneOptions, type HolidayRegion } from '../lib/bundeslaender';

export interface TenantSettingsValues {
  name: string;
  timeZone: string;
  holidayRegion: HolidayRegion | '';
  locale: 'de' | 'en';
}

export type TenantSettingsErrors = Partial<Record<keyof TenantSettingsValues, string>>;

/** A company's settings, as the super-admin creates them and its admins change them. */
export function TenantSettingsFields({
  values,
  errors,
  onChange,
  testIdPrefix = 'company',
}: {
  values: TenantSettingsValues;
  errors: TenantSettingsErrors;
  onChange: (changes: Partial<TenantSettingsValues>) => void;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  return (
    <>
      <TextInput
        size="md"
        label={t('company.fields.name')}
        name="organization"
        autoComplete="organization"
        required
        value={values.name}
        onChange={(e) => onChange({ name: e.currentTarget.value })}
        error={errors.name}
        data-testid={`${testIdPrefix}-name`}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NativeSelect
          size="md"
          label={t('company.fields.holidayRegion')}
          description={t('company.fields.holidayRegionHint')}
          required
          value={values.holidayRegion}
          data={[
            ...(values.holidayRegion ? [] : [{ value: '', label: t('company.fields.choose') }]),
            ...BUNDESLAENDER,
          ]}
          onChange={(e) => onChange({ holidayRegion: e.currentTarget.value as HolidayRegion })}
          error={errors.holidayRegion}
          data-testid={`${testIdPrefix}-region`}
        />
        <Select
          size="md"
          label={t('company.fields.timeZone')}
          description={t('company.fields.timeZoneHint')}
          searchable
          allowDeselect={false}
          value={values.timeZone}
          data={zones}
          limit={50}
          onChange={(value) => value && onChange({ timeZone: value })}
          error={errors.timeZone}
          nothingFoundMessage={t('company.fields.noTimeZone')}
          comboboxProps={{ withinPortal: true }}
          data-testid={`${testIdPrefix}-timezone`}
        />
      </SimpleGrid>
      <NativeSelect
        size="md"
        label={t('company.fields.locale')}
        description={t('company.fields.localeHint')}
        value={values.locale}
        data={[
          { value: 'de', label: 'Deutsch' },
          { value: 'en', label: 'English' },
        ]}
        onChange={(e) => onChange({ locale: e.currentTarget.value === 'en' ? 'en' : 'de' })}
        data-testid={`${testIdPrefix}-locale`}
      />
    </>
  );
}

/** Field names from a VALIDATION_FAILED error to the form's. */
export function tenantErrorsFrom(
  fields: string[],
  message: (field: keyof TenantSettingsValues) => string,
): TenantSettingsErrors {
  const errors: TenantSettingsErrors = {};
  for (const field of ['name', 'timeZone', 'holidayRegion', 'locale'] as const) {
    if (fields.includes(field)) errors[field] = message(field);
  }
  return errors;
}
