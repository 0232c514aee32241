import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../../components/DocumentTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PATHS } from '../../lib/navigation';
import { looksLikeEmail } from '../../lib/validation';
import { useRequestPasswordReset } from './api/auth';

/**
 * `/forgot-password`: asks for the e-mail address and always answers with the same sentence,
 * whether or not there is an account (SECURITY.md 7: nobody can probe for addresses here).
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const initialEmail = (location.state as { email?: string } | null)?.email ?? '';
  const [email, setEmail] = useState(initialEmail);
  const [emailError, setEmailError] = useState<string>();
  const request = useRequestPasswordReset();
  const title = t('forgot.title');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!looksLikeEmail(email)) {
      setEmailError(t('fields.emailInvalid'));
      return;
    }
    setEmailError(undefined);
    request.mutate(email.trim());
  }

  const backToLogin = (
    <Anchor component={Link} to={PATHS.login} state={{ email: email.trim() }} py={10}>
      {t('forgot.backToLogin')}
    </Anchor>
  );

  if (request.isSuccess) {
    return (
      <Stack gap="lg">
        <DocumentTitle page={title} />
        <Title order={1}>{title}</Title>
        <Alert color="green" title={t('forgot.sent.title')} data-testid="reset-requested">
          <Text size="sm">{t('forgot.sent.message', { email: request.variables })}</Text>
        </Alert>
        <Text size="sm" c="dimmed">
          {t('forgot.sent.hint')}
        </Text>
        {backToLogin}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <DocumentTitle page={title} />
      <Title order={1}>{title}</Title>
      <Text>{t('forgot.intro')}</Text>
      {request.isError && <ErrorAlert error={request.error} />}
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          <TextInput
            size="md"
            label={t('fields.email')}
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={emailError}
            data-testid="forgot-email"
          />
          <Button type="submit" size="md" mih={44} fullWidth loading={request.isPending}>
            {t('forgot.submit')}
          </Button>
        </Stack>
      </form>
      {backToLogin}
    </Stack>
  );
}
