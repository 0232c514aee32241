import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { PasswordField } from '../../components/PasswordField';
import { isLang } from '../../i18n/languages';
import { useLang } from '../../i18n/use-lang';
import { isApiError } from '../../lib/api-error';
import {
  changeLanguage,
  signOut,
  signOutEverywhere,
  useSignedInUser,
  type SessionUser,
} from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { PATHS } from '../../lib/navigation';
import { useErrorMessage } from '../../lib/use-error-message';
import { passwordProblem } from '../../lib/validation';
import {
  useChangePassword,
  useRevokeSession,
  useSessions,
  useUpdateProfile,
  type DeviceSession,
} from './api/profile';
import { describeUserAgent } from './user-agent';

function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-label={title}
      data-testid={testId}
    >
      <Stack gap="md">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function PersonalData({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState(user.name);
  const [nameError, setNameError] = useState<string>();
  const update = useUpdateProfile();
  const [languageError, setLanguageError] = useState<unknown>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(t('fields.nameMissing'));
      return;
    }
    setNameError(undefined);
    update.mutate(
      { name: name.trim() },
      { onSuccess: () => notifications.show({ color: 'green', message: t('profile.saved') }) },
    );
  }

  return (
    <Section title={t('profile.personal.title')} testId="profile-personal">
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          {t('fields.email')}
        </Text>
        <Text data-testid="profile-email">{user.email}</Text>
        <Text size="xs" c="dimmed">
          {t('profile.personal.emailHint')}
        </Text>
      </Stack>
      <form onSubmit={onSubmit} noValidate aria-label={t('profile.personal.title')}>
        <Stack gap="sm">
          <TextInput
            size="md"
            label={t('fields.name')}
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            data-testid="profile-name"
          />
          {update.isError && <ErrorAlert error={update.error} />}
          <Group>
            <Button
              type="submit"
              mih={44}
              loading={update.isPending}
              disabled={name.trim() === user.name}
            >
              {t('profile.personal.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <NativeSelect
        size="md"
        label={t('language.label')}
        description={t('profile.personal.languageHint')}
        value={lang}
        data={[
          { value: 'de', label: 'Deutsch' },
          { value: 'en', label: 'English' },
        ]}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (!isLang(value)) return;
          setLanguageError(null);
          changeLanguage(value).catch((error: unknown) => setLanguageError(error));
        }}
        error={languageError ? errorMessage(languageError) : undefined}
        data-testid="profile-language"
      />
    </Section>
  );
}

function ChangePassword({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const change = useChangePassword();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = t('profile.password.currentMissing');
    const problem = passwordProblem(next);
    if (problem) found.next = t(`password.problem.${problem}`);
    setErrors(found);
    if (found.current || found.next) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          notifications.show({
            color: 'green',
            title: t('profile.password.changed.title'),
            message: t('profile.password.changed.message'),
          });
        },
        onError: (error) => {
          if (isApiError(error, 'INVALID_CREDENTIALS'))
            setErrors({ current: t('profile.password.currentWrong') });
          else if (isApiError(error, 'WEAK_PASSWORD')) setErrors({ next: errorMessage(error) });
        },
      },
    );
  }

  const otherError =
    change.isError &&
    !isApiError(change.error, 'INVALID_CREDENTIALS') &&
    !isApiError(change.error, 'WEAK_PASSWORD');

  return (
    <Section title={t('profile.password.title')} testId="profile-password">
      <Text size="sm" c="dimmed">
        {t('profile.password.intro')}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label={t('profile.password.title')}>
        {/* Tells password managers which account the new password belongs to. */}
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={user.email}
          readOnly
          hidden
        />
        <Stack gap="sm">
          <PasswordField
            label={t('fields.currentPassword')}
            name="current-password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.current}
            data-testid="current-password"
          />
          <PasswordField
            label={t('fields.newPassword')}
            description={t('password.hint')}
            name="new-password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={errors.next}
            data-testid="new-password"
          />
          {otherError && <ErrorAlert error={change.error} />}
          <Group>
            <Button type="submit" mih={44} loading={change.isPending}>
              {t('profile.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function DeviceRow({
  session,
  onSignOut,
  busy,
}: {
  session: DeviceSession;
  onSignOut: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const device = describeUserAgent(session.userAgent);
  const name =
    device.browser && device.os
      ? t('profile.sessions.deviceName', { browser: device.browser, os: device.os })
      : (device.browser ?? device.os ?? t('profile.sessions.unknownDevice'));
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="session-row"
      data-current={session.current}
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 14rem' }}>
          <Group gap="xs">
            <Text fw={600}>{name}</Text>
            {session.current && <Badge color="green">{t('profile.sessions.thisDevice')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            <Num>
              {t('profile.sessions.signedInAt', { date: formatDateTime(session.signedInAt, lang) })}
            </Num>
          </Text>
          <Text size="sm" c="dimmed">
            <Num>
              {t('profile.sessions.lastUsedAt', { date: formatDateTime(session.lastUsedAt, lang) })}
              {session.ip ? ` · ${t('profile.sessions.ip', { ip: session.ip })}` : ''}
            </Num>
          </Text>
        </Stack>
        <Button
          variant="default"
          mih={44}
          onClick={onSignOut}
          loading={busy}
          aria-label={
            session.current
              ? t('profile.sessions.signOutThis')
              : t('profile.sessions.signOutDevice', { device: name })
          }
        >
          {t('profile.sessions.signOut')}
        </Button>
      </Group>
    </Paper>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const [confirmAll, setConfirmAll] = useState(false);
  const [allBusy, setAllBusy] = useState(false);
  const [allError, setAllError] = useState<unknown>(null);
  const [signingOut, setSigningOut] = useState(false);

  function signOutHere() {
    setSigningOut(true);
    void signOut().finally(() => void navigate(PATHS.login, { replace: true }));
  }

  function signOutAll() {
    setAllBusy(true);
    setAllError(null);
    signOutEverywhere()
      .then(() => void navigate(PATHS.login, { replace: true }))
      .catch((error: unknown) => setAllError(error))
      .finally(() => setAllBusy(false));
  }

  let list;
  if (sessions.isPending) list = <LoadingBlock label={t('profile.sessions.loading')} rows={2} />;
  else if (sessions.isError)
    list = (
      <ErrorAlert
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
        retrying={sessions.isFetching}
      />
    );
  else
    list = (
      <Stack gap="xs" component="ul" p={0} m={0}>
        {sessions.data.map((session) => (
          <DeviceRow
            key={session.id}
            session={session}
            busy={
              session.current ? signingOut : revoke.isPending && revoke.variables === session.id
            }
            onSignOut={() => (session.current ? signOutHere() : revoke.mutate(session.id))}
          />
        ))}
      </Stack>
    );

  return (
    <Section title={t('profile.sessions.title')} testId="profile-sessions">
      <Text size="sm" c="dimmed">
        {t('profile.sessions.intro')}
      </Text>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      {list}
      <Group>
        <Button
          color="red"
          variant="outline"
          mih={44}
          onClick={() => setConfirmAll(true)}
          data-testid="sign-out-everywhere"
        >
          {t('profile.sessions.signOutEverywhere')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={confirmAll}
        title={t('profile.sessions.confirmAll.title')}
        message={t('profile.sessions.confirmAll.message')}
        confirmLabel={t('profile.sessions.signOutEverywhere')}
        loading={allBusy}
        error={allError}
        onConfirm={signOutAll}
        onClose={() => setConfirmAll(false)}
      />
    </Section>
  );
}

/** `/profile`: name, language, password, and the devices signed in to the account. */
export function ProfilePage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('profile.title')} />
      <PersonalData user={user} />
      <ChangePassword user={user} />
      <Sessions />
    </Stack>
  );
}
