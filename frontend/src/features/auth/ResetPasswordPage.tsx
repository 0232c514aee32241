import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../../components/DocumentTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { isApiError } from '../../lib/api-error';
import { endSession, getAuthState } from '../../lib/auth';
import { PATHS } from '../../lib/navigation';
import { useErrorMessage } from '../../lib/use-error-message';
import { passwordProblem } from '../../lib/validation';
import { useConfirmPasswordReset } from './api/auth';
import { tokenFromHash } from './link-token';
import type { LoginNotice } from './LoginPage';

/** The link is missing, used or older than an hour: say so and offer a new one. */
function InvalidLink() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('reset.invalid.title')} data-testid="reset-invalid">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('reset.invalid.message')}</Text>
        <Button component={Link} to={PATHS.forgotPassword} mih={44}>
          {t('reset.invalid.action')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** `/reset-password#<token>`: sets a new password, then on to the login page with a note. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const navigate = useNavigate();
  const token = tokenFromHash(hash);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const confirm = useConfirmPasswordReset();
  const errorMessage = useErrorMessage();
  const title = t('reset.title');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = passwordProblem(password);
    if (problem) {
      setPasswordError(t(`password.problem.${problem}`));
      return;
    }
    setPasswordError(undefined);
    confirm.mutate(
      { token, password },
      {
        onSuccess: () => {
          // Every session of the account has ended on the server, this tab's too.
          if (getAuthState().status === 'signedIn') endSession(null);
          const state: LoginNotice = { notice: 'passwordReset' };
          void navigate(PATHS.login, { replace: true, state });
        },
        onError: (error) => {
          if (isApiError(error, 'WEAK_PASSWORD')) setPasswordError(errorMessage(error));
        },
      },
    );
  }

  const linkInvalid = !token || isApiError(confirm.error, 'TOKEN_INVALID');
  const otherError = confirm.isError && !linkInvalid && !isApiError(confirm.error, 'WEAK_PASSWORD');

  return (
    <Stack gap="lg">
      <DocumentTitle page={title} />
      <Title order={1}>{title}</Title>
      {linkInvalid ? (
        <InvalidLink />
      ) : (
        <>
          <Text>{t('reset.intro')}</Text>
          {otherError && <ErrorAlert error={confirm.error} />}
          <form onSubmit={onSubmit} noValidate aria-label={title}>
            <Stack gap="md">
              <PasswordField
                label={t('fields.newPassword')}
                description={t('password.hint')}
                name="new-password"
                autoComplete="new-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={passwordError}
                data-testid="reset-password"
              />
              <Button type="submit" size="md" mih={44} fullWidth loading={confirm.isPending}>
                {t('reset.submit')}
              </Button>
            </Stack>
          </form>
        </>
      )}
      <Anchor component={Link} to={PATHS.login} py={10}>
        {t('forgot.backToLogin')}
      </Anchor>
    </Stack>
  );
}
