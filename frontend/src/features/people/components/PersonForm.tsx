import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Team, TenantRole } from '../api/people';

export const TENANT_ROLES: readonly TenantRole[] = ['employee', 'manager', 'admin'];

export interface PersonFormValues {
  name: string;
  role: TenantRole;
  teamId: string;
  employeeNumber: string;
  startDate: string;
  endDate: string;
}

export type PersonField = keyof PersonFormValues | 'email';
export type PersonFormErrors = Partial<Record<PersonField, string>>;

/** The fields invite and edit share: name, role, team, employee number, dates. */
export function PersonFields({
  values,
  errors,
  teams,
  onChange,
  roleLocked,
  showEndDate,
}: {
  values: PersonFormValues;
  errors: PersonFormErrors;
  teams: readonly Team[];
  onChange: (changes: Partial<PersonFormValues>) => void;
  /** Nobody changes their own role (the API refuses it too). */
  roleLocked?: boolean;
  showEndDate?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        size="md"
        label={t('fields.name')}
        name="name"
        autoComplete="off"
        required
        value={values.name}
        onChange={(e) => onChange({ name: e.currentTarget.value })}
        error={errors.name}
        data-testid="person-name"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NativeSelect
          size="md"
          label={t('people.fields.role')}
          description={roleLocked ? t('people.fields.ownRole') : undefined}
          disabled={roleLocked}
          value={values.role}
          data={TENANT_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          onChange={(e) => onChange({ role: e.currentTarget.value as TenantRole })}
          error={errors.role}
          data-testid="person-role"
        />
        <NativeSelect
          size="md"
          label={t('people.fields.team')}
          value={values.teamId}
          data={[
            { value: '', label: t('people.noTeam') },
            ...teams.map((team) => ({ value: team.id, label: team.name })),
          ]}
          onChange={(e) => onChange({ teamId: e.currentTarget.value })}
          error={errors.teamId}
          data-testid="person-team"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          size="md"
          label={t('people.fields.employeeNumber')}
          description={t('common.optional')}
          name="employee-number"
          autoComplete="off"
          value={values.employeeNumber}
          onChange={(e) => onChange({ employeeNumber: e.currentTarget.value })}
          error={errors.employeeNumber}
          data-testid="person-employee-number"
        />
        <TextInput
          size="md"
          type="date"
          label={t('people.fields.startDate')}
          description={t('common.optional')}
          value={values.startDate}
          onChange={(e) => onChange({ startDate: e.currentTarget.value })}
          error={errors.startDate}
          data-testid="person-start-date"
        />
      </SimpleGrid>
      {showEndDate && (
        <TextInput
          size="md"
          type="date"
          label={t('people.fields.endDate')}
          description={t('people.fields.endDateHint')}
          value={values.endDate}
          onChange={(e) => onChange({ endDate: e.currentTarget.value })}
          error={errors.endDate}
          data-testid="person-end-date"
        />
      )}
    </>
  );
}

/** Field names of the API (VALIDATION_FAILED) to the form's. */
export function formErrorsFrom(
  fields: string[],
  message: (field: PersonField) => string,
): PersonFormErrors {
  const known: readonly PersonField[] = [
    'email',
    'name',
    'role',
    'teamId',
    'employeeNumber',
    'startDate',
    'endDate',
  ];
  const errors: PersonFormErrors = {};
  for (const field of known) {
    if (fields.includes(field)) errors[field] = message(field);
  }
  return errors;
}
