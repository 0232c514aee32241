import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../../components/DocumentTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import {
  acknowledgeSignOutReason,
  restoreSession,
  useAuth,
  type SignedOutReason,
} from '../../lib/auth';
import { PATHS } from '../../lib/navigation';
import { looksLikeEmail } from '../../lib/validation';
import { useLogin } from './api/auth';

/** Set by other pages when they send the user here (`navigate('/login', { state })`). */
export interface LoginNotice {
  notice?: 'passwordReset';
  email?: string;
}

function ReasonAlert({ reason }: { reason: SignedOutReason }) {
  const { t } = useTranslation();
  const [retrying, setRetrying] = useState(false);
  switch (reason) {
    case 'expired':
      return (
        <Alert color="orange" title={t('login.expired.title')} data-testid="session-expired">
          {t('login.expired.message')}
        </Alert>
      );
    case 'signedOut':
      return (
        <Alert color="green" title={t('login.signedOut.title')} data-testid="signed-out">
          {t('login.signedOut.message')}
        </Alert>
      );
    case 'unreachable':
      return (
        <Alert color="red" title={t('login.unreachable.title')} data-testid="unreachable">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('login.unreachable.message')}</Text>
            <Button
              variant="default"
              mih={44}
              loading={retrying}
              onClick={() => {
                setRetrying(true);
                void restoreSession().finally(() => setRetrying(false));
              }}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      );
    case null:
      return null;
  }
}

/** `/login`: e-mail and password; explains why the user is here (session expired, signed out). */
export function LoginPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginNotice;
  // The reason is shown for this visit of the page, then cleared in the store.
  const [reason] = useState(() => (auth.status === 'signedOut' ? auth.reason : null));
  useEffect(() => acknowledgeSignOutReason(), []);

  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const login = useLogin();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!looksLikeEmail(email)) next.email = t('fields.emailInvalid');
    if (!password) next.password = t('login.passwordMissing');
    setErrors(next);
    if (next.email || next.password) return;
    login.mutate({ email: email.trim(), password });
  }

  const title = t('login.title');
  return (
    <Stack gap="lg">
      <DocumentTitle page={title} />
      <Title order={1}>{title}</Title>
      {state.notice === 'passwordReset' ? (
        <Alert
          color="green"
          title={t('login.passwordReset.title')}
          data-testid="password-reset-done"
        >
          {t('login.passwordReset.message')}
        </Alert>
      ) : (
        <ReasonAlert reason={reason} />
      )}
      {login.isError && (
        <ErrorAlert
          error={login.error}
          title={t('login.failed')}
          overrides={{ INVALID_CREDENTIALS: t('login.invalidCredentials') }}
          testId="login-error"
        />
      )}
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
            error={errors.email}
            data-testid="login-email"
          />
          <Stack gap={6}>
            <PasswordField
              label={t('fields.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              data-testid="login-password"
            />
            <Group justify="flex-end">
              <Anchor
                component={Link}
                to={PATHS.forgotPassword}
                state={{ email: email.trim() }}
                size="sm"
                py={10}
                data-testid="forgot-password-link"
              >
                {t('login.forgotPassword')}
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" size="md" mih={44} fullWidth loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
