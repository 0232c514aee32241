import { Button, Group, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import {
  TenantSettingsFields,
  tenantErrorsFrom,
  type TenantSettingsErrors,
  type TenantSettingsValues,
} from '../../components/TenantSettingsFields';
import { invalidFields } from '../../lib/api-error';
import { isHolidayRegion } from '../../lib/bundeslaender';
import { CaldavSettings } from './components/CaldavSettings';
import { ClosureDays } from './components/ClosureDays';
import { AbsenceSettings } from './components/AbsenceSettings';
import { WorkingTimeSettings } from './components/WorkingTimeSettings';
import { useCompany, useUpdateCompany, type Company, type CompanyChanges } from './api/company';

function valuesOf(company: Company): TenantSettingsValues {
  return {
    name: company.name,
    timeZone: company.timeZone,
    holidayRegion: isHolidayRegion(company.holidayRegion) ? company.holidayRegion : '',
    locale: company.locale,
  };
}

function SettingsForm({ company }: { company: Company }) {
  const { t } = useTranslation();
  const initial = valuesOf(company);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<TenantSettingsErrors>({});
  const update = useUpdateCompany();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: TenantSettingsErrors = {};
    if (!values.name.trim()) found.name = t('company.invalid.name');
    if (!values.holidayRegion) found.holidayRegion = t('company.invalid.holidayRegion');
    setErrors(found);
    if (Object.keys(found).length) return;
    const changes: CompanyChanges = {};
    if (values.name.trim() !== initial.name) changes.name = values.name.trim();
    if (values.timeZone !== initial.timeZone) changes.timeZone = values.timeZone;
    if (values.holidayRegion && values.holidayRegion !== initial.holidayRegion)
      changes.holidayRegion = values.holidayRegion;
    if (values.locale !== initial.locale) changes.locale = values.locale;
    if (Object.keys(changes).length === 0) {
      notifications.show({ message: t('company.nothingChanged') });
      return;
    }
    update.mutate(changes, {
      onSuccess: () => notifications.show({ color: 'green', message: t('company.saved') }),
      onError: (error) =>
        setErrors(tenantErrorsFrom(invalidFields(error), (f) => t(`company.invalid.${f}`))),
    });
  }

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={onSubmit} noValidate aria-label={t('company.title')}>
        <Stack gap="md">
          <TenantSettingsFields
            values={values}
            errors={errors}
            onChange={(changes) => setValues((v) => ({ ...v, ...changes }))}
          />
          {update.isError && invalidFields(update.error).length === 0 && (
            <ErrorAlert error={update.error} />
          )}
          <Group>
            <Button type="submit" mih={44} loading={update.isPending} data-testid="company-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * `/company-settings` (admins): the company's name, time zone, Bundesland and language; the
 * working-time rules (edit window, reminder); the Betriebsruhetage; and the CalDAV calendar.
 */
export function CompanySettingsPage() {
  const { t } = useTranslation();
  const company = useCompany();
  let content;
  if (company.isPending)
    content = <LoadingBlock label={t('company.loading')} rows={4} height={44} />;
  else if (company.isError)
    content = (
      <ErrorAlert
        error={company.error}
        onRetry={() => void company.refetch()}
        retrying={company.isFetching}
      />
    );
  else
    content = (
      <>
        <SettingsForm key={company.data.id} company={company.data} />
        <WorkingTimeSettings key={`working-time-${company.data.id}`} company={company.data} />
        <AbsenceSettings key={`absences-${company.data.id}`} company={company.data} />
        <ClosureDays />
        <CaldavSettings />
      </>
    );
  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('company.title')} description={t('company.intro')} />
      {content}
    </Stack>
  );
}
