import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { useLang } from '../../../i18n/use-lang';
import { invalidFields, isApiError } from '../../../lib/api-error';
import { looksLikeEmail } from '../../../lib/validation';
import { useInvitePerson, type Team } from '../api/people';
import {
  PersonFields,
  formErrorsFrom,
  type PersonFormErrors,
  type PersonFormValues,
} from './PersonForm';

const EMPTY: PersonFormValues = {
  name: '',
  role: 'employee',
  teamId: '',
  employeeNumber: '',
  startDate: '',
  endDate: '',
};

/**
 * "Person einladen": everything a new person needs, so they arrive ready; the API mails the
 * invitation link (valid 7 days).
 */
export function InviteModal({
  opened,
  onClose,
  teams,
  onInvited,
}: {
  opened: boolean;
  onClose: () => void;
  teams: readonly Team[];
  onInvited: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<'de' | 'en'>(lang);
  const [values, setValues] = useState<PersonFormValues>(EMPTY);
  const [errors, setErrors] = useState<PersonFormErrors>({});
  const invite = useInvitePerson();

  function close() {
    setEmail('');
    setValues(EMPTY);
    setErrors({});
    invite.reset();
    onClose();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: PersonFormErrors = {};
    if (!looksLikeEmail(email)) found.email = t('fields.emailInvalid');
    if (!values.name.trim()) found.name = t('fields.nameMissing');
    setErrors(found);
    if (Object.keys(found).length) return;
    invite.mutate(
      {
        email: email.trim(),
        name: values.name.trim(),
        role: values.role,
        teamId: values.teamId || null,
        employeeNumber: values.employeeNumber.trim() || null,
        startDate: values.startDate || null,
        locale,
      },
      {
        onSuccess: (person) => {
          notifications.show({
            color: 'green',
            title: t('people.invite.sent.title'),
            message: t('people.invite.sent.message', { email: person.email }),
          });
          onInvited();
          close();
        },
        onError: (error) => {
          if (isApiError(error, 'EMAIL_TAKEN')) setErrors({ email: t('errors.EMAIL_TAKEN') });
          else setErrors(formErrorsFrom(invalidFields(error), (f) => t(`people.invalid.${f}`)));
        },
      },
    );
  }

  const showAlert =
    invite.isError &&
    !isApiError(invite.error, 'EMAIL_TAKEN') &&
    Object.keys(formErrorsFrom(invalidFields(invite.error), () => 'x')).length === 0;

  return (
    <FormModal opened={opened} onClose={close} title={t('people.invite.title')}>
      <form onSubmit={onSubmit} noValidate aria-label={t('people.invite.title')}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('people.invite.intro')}
          </Text>
          <TextInput
            size="md"
            label={t('fields.email')}
            type="email"
            name="invite-email"
            autoComplete="off"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            data-autofocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
            data-testid="invite-email"
          />
          <PersonFields
            values={values}
            errors={errors}
            teams={teams}
            onChange={(changes) => setValues((v) => ({ ...v, ...changes }))}
          />
          <NativeSelect
            size="md"
            label={t('people.fields.locale')}
            description={t('people.fields.localeHint')}
            value={locale}
            data={[
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(e) => setLocale(e.currentTarget.value === 'en' ? 'en' : 'de')}
          />
          {showAlert && <ErrorAlert error={invite.error} />}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" mih={44} onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={invite.isPending} data-testid="invite-submit">
              {t('people.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
