import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { invalidFields } from '../../../lib/api-error';
import { useUpdatePerson, type Person, type PersonChanges, type Team } from '../api/people';
import {
  PersonFields,
  formErrorsFrom,
  type PersonFormErrors,
  type PersonFormValues,
} from './PersonForm';

function valuesOf(person: Person): PersonFormValues {
  return {
    name: person.name,
    role: person.role === 'super_admin' ? 'admin' : person.role,
    teamId: person.teamId ?? '',
    employeeNumber: person.employeeNumber ?? '',
    startDate: person.startDate ?? '',
    endDate: person.endDate ?? '',
  };
}

/** Only what was changed goes to the API (and into the audit log). */
function changesBetween(before: PersonFormValues, after: PersonFormValues): PersonChanges {
  const changes: PersonChanges = {};
  if (after.name.trim() !== before.name) changes.name = after.name.trim();
  if (after.role !== before.role) changes.role = after.role;
  if (after.teamId !== before.teamId) changes.teamId = after.teamId || null;
  if (after.employeeNumber.trim() !== before.employeeNumber)
    changes.employeeNumber = after.employeeNumber.trim() || null;
  if (after.startDate !== before.startDate) changes.startDate = after.startDate || null;
  if (after.endDate !== before.endDate) changes.endDate = after.endDate || null;
  return changes;
}

/** Edit role, team, employee number and dates of one person. */
export function EditPersonModal({
  person,
  isSelf,
  teams,
  onClose,
}: {
  person: Person;
  isSelf: boolean;
  teams: readonly Team[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const initial = valuesOf(person);
  const [values, setValues] = useState<PersonFormValues>(initial);
  const [errors, setErrors] = useState<PersonFormErrors>({});
  const update = useUpdatePerson();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values.name.trim()) {
      setErrors({ name: t('fields.nameMissing') });
      return;
    }
    if (values.startDate && values.endDate && values.endDate < values.startDate) {
      setErrors({ endDate: t('people.invalid.endBeforeStart') });
      return;
    }
    setErrors({});
    const changes = changesBetween(initial, values);
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: person.id, changes },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: t('people.edit.saved', { name: values.name.trim() }),
          });
          onClose();
        },
        onError: (error) =>
          setErrors(formErrorsFrom(invalidFields(error), (f) => t(`people.invalid.${f}`))),
      },
    );
  }

  const fieldErrors = Object.keys(formErrorsFrom(invalidFields(update.error), () => 'x')).length;

  return (
    <FormModal
      opened
      onClose={onClose}
      title={t('people.edit.title', { name: person.name || person.email })}
    >
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={t('people.edit.title', { name: person.name })}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {person.email}
          </Text>
          <PersonFields
            values={values}
            errors={errors}
            teams={teams}
            onChange={(changes) => setValues((v) => ({ ...v, ...changes }))}
            roleLocked={isSelf}
            showEndDate
          />
          {update.isError && fieldErrors === 0 && <ErrorAlert error={update.error} />}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" mih={44} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={update.isPending} data-testid="person-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
