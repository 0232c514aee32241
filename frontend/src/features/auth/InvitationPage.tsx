import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../../components/DocumentTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PasswordField } from '../../components/PasswordField';
import { Num } from '../../components/Num';
import { useLang } from '../../i18n/use-lang';
import { invalidFields, isApiError } from '../../lib/api-error';
import { useAuth } from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { PATHS } from '../../lib/navigation';
import { useAppName } from '../../lib/use-app-name';
import { useErrorMessage } from '../../lib/use-error-message';
import { passwordProblem } from '../../lib/validation';
import { useAcceptInvitation, useInvitationPreview } from './api/auth';
import { tokenFromHash } from './link-token';

/** Used, withdrawn or expired: only an admin can send a new link. */
function InvalidInvitation() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('invitation.invalid.title')} data-testid="invitation-invalid">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('invitation.invalid.message')}</Text>
        <Text size="sm">{t('invitation.invalid.alreadyAccepted')}</Text>
        <Button component={Link} to={PATHS.login} variant="default" mih={44}>
          {t('invitation.invalid.toLogin')}
        </Button>
      </Stack>
    </Alert>
  );
}

/**
 * `/invitation#<token>`: shows which company invites which address, asks for name and password,
 * and signs the new person in (then the start page).
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const appName = useAppName();
  const auth = useAuth();
  const navigate = useNavigate();
  const token = tokenFromHash(useLocation().hash);
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const title = t('invitation.title');

  const shownName = name ?? preview.data?.name ?? '';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!shownName.trim()) next.name = t('fields.nameMissing');
    const problem = passwordProblem(password);
    if (problem) next.password = t(`password.problem.${problem}`);
    setErrors(next);
    if (next.name || next.password) return;
    accept.mutate(
      { token, name: shownName.trim(), password },
      {
        onSuccess: () => void navigate(PATHS.home, { replace: true }),
        onError: (error) => {
          if (isApiError(error, 'WEAK_PASSWORD')) setErrors({ password: errorMessage(error) });
          else if (invalidFields(error).includes('name'))
            setErrors({ name: t('fields.nameMissing') });
        },
      },
    );
  }

  let content;
  if (
    !token ||
    isApiError(preview.error, 'TOKEN_INVALID') ||
    isApiError(accept.error, 'TOKEN_INVALID')
  ) {
    content = <InvalidInvitation />;
  } else if (preview.isPending) {
    content = <LoadingBlock label={t('invitation.loading')} rows={3} height={44} />;
  } else if (preview.isError) {
    content = (
      <ErrorAlert
        error={preview.error}
        onRetry={() => void preview.refetch()}
        retrying={preview.isFetching}
      />
    );
  } else {
    const { companyName, email, expiresAt } = preview.data;
    const showAcceptError =
      accept.isError &&
      !isApiError(accept.error, 'WEAK_PASSWORD') &&
      !invalidFields(accept.error).includes('name');
    content = (
      <>
        <Text data-testid="invitation-company">
          {t('invitation.intro', { company: companyName, app: appName })}
        </Text>
        {auth.status === 'signedIn' && auth.user.email !== email && (
          <Alert color="blue" title={t('invitation.otherUser.title')}>
            {t('invitation.otherUser.message', { current: auth.user.email, email })}
          </Alert>
        )}
        {showAcceptError && <ErrorAlert error={accept.error} />}
        <form onSubmit={onSubmit} noValidate aria-label={title}>
          <Stack gap="md">
            <TextInput
              size="md"
              label={t('fields.email')}
              description={t('invitation.emailHint')}
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              readOnly
              data-testid="invitation-email"
            />
            <TextInput
              size="md"
              label={t('fields.name')}
              description={t('invitation.nameHint')}
              name="name"
              autoComplete="name"
              required
              value={shownName}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              data-testid="invitation-name"
            />
            <PasswordField
              label={t('fields.choosePassword')}
              description={t('password.hint')}
              name="new-password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              data-testid="invitation-password"
            />
            <Text size="sm" c="dimmed">
              <Num>{t('invitation.validUntil', { date: formatDateTime(expiresAt, lang) })}</Num>
            </Text>
            <Button type="submit" size="md" mih={44} fullWidth loading={accept.isPending}>
              {t('invitation.submit')}
            </Button>
          </Stack>
        </form>
      </>
    );
  }

  return (
    <Stack gap="lg">
      <DocumentTitle page={title} />
      <Title order={1}>{title}</Title>
      {content}
      {auth.status !== 'signedIn' && (
        <Anchor component={Link} to={PATHS.login} size="sm" py={10}>
          {t('invitation.haveAccount')}
        </Anchor>
      )}
    </Stack>
  );
}
