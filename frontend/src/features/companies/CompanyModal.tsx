import { Button, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import {
  TenantSettingsFields,
  tenantErrorsFrom,
  type TenantSettingsErrors,
  type TenantSettingsValues,
} from '../../components/TenantSettingsFields';
import { invalidFields, isApiError } from '../../lib/api-error';
import { isHolidayRegion } from '../../lib/bundeslaender';
import { looksLikeEmail } from '../../lib/validation';
import {
  useCreateCompany,
  useUpdateCompany,
  type Company,
  type CompanyChanges,
} from './api/companies';

const NEW_COMPANY: TenantSettingsValues = {
  name: '',
  timeZone: 'Europe/Berlin',
  holidayRegion: '',
  locale: 'de',
};

function valuesOf(company: Company): TenantSettingsValues {
  return {
    name: company.name,
    timeZone: company.timeZone,
    holidayRegion: isHolidayRegion(company.holidayRegion) ? company.holidayRegion : '',
    locale: company.locale,
  };
}

/**
 * Create a company with its first admin (who gets an invitation mail), or change an existing
 * company's settings (`company` given).
 */
export function CompanyModal({ company, onClose }: { company?: Company; onClose: () => void }) {
  const { t } = useTranslation();
  const initial = company ? valuesOf(company) : NEW_COMPANY;
  const [values, setValues] = useState(initial);
  const [admin, setAdmin] = useState({ email: '', name: '' });
  const [errors, setErrors] = useState<
    TenantSettingsErrors & { adminEmail?: string; adminName?: string }
  >({});
  const create = useCreateCompany();
  const update = useUpdateCompany();
  const mutation = company ? update : create;
  const title = company
    ? t('companies.edit.title', { name: company.name })
    : t('companies.create.title');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!values.name.trim()) found.name = t('company.invalid.name');
    if (!values.holidayRegion) found.holidayRegion = t('company.invalid.holidayRegion');
    if (!company) {
      if (!looksLikeEmail(admin.email)) found.adminEmail = t('fields.emailInvalid');
      if (!admin.name.trim()) found.adminName = t('fields.nameMissing');
    }
    setErrors(found);
    if (Object.keys(found).length || !values.holidayRegion) return;

    const onError = (error: unknown) => {
      const fields = invalidFields(error);
      setErrors({
        ...tenantErrorsFrom(fields, (f) => t(`company.invalid.${f}`)),
        ...(fields.includes('firstAdmin.email') || isApiError(error, 'EMAIL_TAKEN')
          ? {
              adminEmail: isApiError(error, 'EMAIL_TAKEN')
                ? t('errors.EMAIL_TAKEN')
                : t('fields.emailInvalid'),
            }
          : {}),
        ...(fields.includes('firstAdmin.name') ? { adminName: t('fields.nameMissing') } : {}),
      });
    };

    if (company) {
      const changes: CompanyChanges = {};
      if (values.name.trim() !== initial.name) changes.name = values.name.trim();
      if (values.timeZone !== initial.timeZone) changes.timeZone = values.timeZone;
      if (values.holidayRegion !== initial.holidayRegion)
        changes.holidayRegion = values.holidayRegion;
      if (values.locale !== initial.locale) changes.locale = values.locale;
      if (Object.keys(changes).length === 0) return onClose();
      update.mutate(
        { id: company.id, changes },
        {
          onSuccess: (saved) => {
            notifications.show({
              color: 'green',
              message: t('companies.saved', { name: saved.name }),
            });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    create.mutate(
      {
        name: values.name.trim(),
        timeZone: values.timeZone,
        holidayRegion: values.holidayRegion,
        locale: values.locale,
        firstAdmin: { email: admin.email.trim(), name: admin.name.trim() },
      },
      {
        onSuccess: (created) => {
          notifications.show({
            color: 'green',
            title: t('companies.created.title', { name: created.name }),
            message: t('companies.created.message', { email: admin.email.trim() }),
          });
          onClose();
        },
        onError,
      },
    );
  }

  const showAlert =
    mutation.isError &&
    invalidFields(mutation.error).length === 0 &&
    !isApiError(mutation.error, 'EMAIL_TAKEN');

  return (
    <FormModal opened onClose={onClose} title={title}>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          <TenantSettingsFields
            values={values}
            errors={errors}
            onChange={(changes) => setValues((v) => ({ ...v, ...changes }))}
            testIdPrefix="tenant"
          />
          {!company && (
            <>
              <Divider />
              <Stack gap={4}>
                <Title order={3} size="h4">
                  {t('companies.create.firstAdmin')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('companies.create.firstAdminHint')}
                </Text>
              </Stack>
              <TextInput
                size="md"
                label={t('companies.create.adminEmail')}
                type="email"
                autoComplete="off"
                inputMode="email"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={admin.email}
                onChange={(e) => setAdmin({ ...admin, email: e.currentTarget.value })}
                error={errors.adminEmail}
                data-testid="tenant-admin-email"
              />
              <TextInput
                size="md"
                label={t('companies.create.adminName')}
                autoComplete="off"
                required
                value={admin.name}
                onChange={(e) => setAdmin({ ...admin, name: e.currentTarget.value })}
                error={errors.adminName}
                data-testid="tenant-admin-name"
              />
            </>
          )}
          {showAlert && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" mih={44} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={mutation.isPending} data-testid="tenant-submit">
              {company ? t('common.save') : t('companies.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
