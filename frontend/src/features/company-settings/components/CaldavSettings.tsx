import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { PasswordField } from '../../../components/PasswordField';
import { useLang } from '../../../i18n/use-lang';
import { invalidFields } from '../../../lib/api-error';
import { formatDate, formatDateTime } from '../../../lib/format';
import {
  useAbsenceTypes,
  useCaldavSettings,
  useResyncCaldav,
  useSaveCaldavSettings,
  useTestCaldavConnection,
  useUnsyncedCaldavEvents,
  type CaldavSettings as Settings,
  type CaldavTestResult,
} from '../api/caldav';

/** The connection test's seven steps, shown as the four a person thinks in (UX.md). */
const SHOWN_STEPS = [
  { key: 'server', steps: ['url', 'dns', 'policy', 'connect'] },
  { key: 'auth', steps: ['auth'] },
  { key: 'calendar', steps: ['calendar'] },
  { key: 'write', steps: ['write'] },
] as const;

type Mark = 'ok' | 'failed' | 'skipped';

function markOf(result: CaldavTestResult, steps: readonly string[]): Mark {
  const found = result.steps.filter((s) => steps.includes(s.step));
  if (found.some((s) => s.status === 'failed')) return 'failed';
  if (found.every((s) => s.status === 'ok')) return 'ok';
  return 'skipped';
}

const SYMBOL: Record<Mark, string> = { ok: '✓', failed: '✗', skipped: '–' };

function TestResult({ result }: { result: CaldavTestResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  const failure = result.steps.find((s) => s.status === 'failed');
  return (
    <Stack gap="xs" data-testid="caldav-test-result" aria-live="polite">
      <Text fw={600}>
        {SHOWN_STEPS.map(({ key, steps }, index) => {
          const mark = markOf(result, steps);
          return (
            <span key={key}>
              {index > 0 && ' · '}
              <Text
                span
                inherit
                c={mark === 'ok' ? 'green.8' : mark === 'failed' ? 'red.8' : 'gray.7'}
              >
                {t(`caldav.steps.${key}`)} <span aria-hidden="true">{SYMBOL[mark]}</span>
                <VisuallyHidden>{t(`caldav.marks.${mark}`)}</VisuallyHidden>
              </Text>
            </span>
          );
        })}
      </Text>
      {failure?.message && (
        <Alert color="red" title={t('caldav.testFailed')}>
          {failure.message[lang]}
        </Alert>
      )}
      {result.ok && (
        <Alert color="green">
          {result.calendarName
            ? t('caldav.testOkNamed', { name: result.calendarName })
            : t('caldav.testOk')}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * The sync at a glance: last run, last error, how many events are in each state, which absences
 * are still waiting or failed, and "Alles neu synchronisieren".
 */
function SyncStatus({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const lang = useLang();
  const unsynced = useUnsyncedCaldavEvents();
  const resync = useResyncCaldav();
  const { synced, pending, error } = settings.events;
  return (
    <Stack gap="xs" data-testid="caldav-status">
      <Text size="sm">
        {settings.lastSyncAt
          ? t('caldav.status.last', {
              at: formatDateTime(settings.lastSyncAt, lang),
            })
          : t('caldav.status.never')}
        {settings.lastError &&
          ` · ${t('caldav.status.error', { error: settings.lastError[lang] })}`}
      </Text>
      <Text size="sm" data-testid="caldav-counts">
        {t('caldav.status.counts', { synced, pending, error })}
      </Text>
      {unsynced.isError && <ErrorAlert error={unsynced.error} />}
      {unsynced.data && unsynced.data.length > 0 && (
        <List size="sm" spacing={4} data-testid="caldav-unsynced">
          {unsynced.data.map((event) => (
            <List.Item key={event.absenceId}>
              {event.userName}, {event.type.name[lang]}, {formatDate(event.from, lang)}
              {event.to && event.to !== event.from && ` – ${formatDate(event.to, lang)}`}:{' '}
              <Text span inherit c={event.state === 'error' ? 'red.8' : undefined}>
                {event.state === 'error'
                  ? t('caldav.status.error', { error: event.lastError?.[lang] ?? '' })
                  : t('caldav.status.pending')}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {settings.enabled && (
        <Group>
          <Button
            variant="default"
            mih={44}
            loading={resync.isPending}
            onClick={() =>
              resync.mutate(undefined, {
                onSuccess: ({ queued }) =>
                  notifications.show({
                    color: 'green',
                    message: t('caldav.resync.done', { count: queued }),
                  }),
              })
            }
            data-testid="caldav-resync"
          >
            {t('caldav.resync.label')}
          </Button>
        </Group>
      )}
      {resync.isError && <ErrorAlert error={resync.error} />}
    </Stack>
  );
}

function CaldavForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const lang = useLang();
  const types = useAbsenceTypes();
  const save = useSaveCaldavSettings();
  const test = useTestCaldavConnection();
  const [url, setUrl] = useState(settings.url);
  const [username, setUsername] = useState(settings.username);
  const [password, setPassword] = useState('');
  const [enabled, setEnabled] = useState(settings.enabled);
  const [titleTemplate, setTitleTemplate] = useState(settings.titleTemplate);
  const [privacy, setPrivacy] = useState(settings.privacy);
  const [syncedTypeIds, setSyncedTypeIds] = useState(settings.syncedTypeIds);
  const serverFields = invalidFields(save.error);
  const fieldError = (field: string) =>
    serverFields.includes(field) ? t(`caldav.invalid.${field}` as 'caldav.invalid.url') : undefined;

  // Switching sync off asks what happens to the events already written (nothing silently).
  const [askDelete, setAskDelete] = useState(false);

  function submit(deleteEvents?: boolean) {
    save.mutate(
      {
        url: url.trim(),
        username: username.trim(),
        ...(password ? { password } : {}),
        enabled,
        titleTemplate,
        privacy,
        syncedTypeIds,
        ...(deleteEvents === undefined ? {} : { deleteEvents }),
      },
      {
        onSuccess: () => {
          setPassword('');
          setAskDelete(false);
          notifications.show({ color: 'green', message: t('caldav.saved') });
        },
      },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (settings.enabled && !enabled) setAskDelete(true);
    else submit();
  }

  function onTest() {
    test.mutate({
      url: url.trim(),
      username: username.trim(),
      ...(password ? { password } : {}),
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <SyncStatus settings={settings} />
        <TextInput
          size="md"
          label={t('caldav.url.label')}
          description={t('caldav.url.hint')}
          placeholder="https://cloud.example.com/remote.php/dav/calendars/USER/KALENDER/"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError('url')}
          inputMode="url"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          data-testid="caldav-url"
        />
        <TextInput
          size="md"
          label={t('caldav.username.label')}
          description={t('caldav.username.hint')}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={fieldError('username')}
          autoComplete="off"
          autoCapitalize="none"
          maw={360}
          data-testid="caldav-username"
        />
        <PasswordField
          autoComplete="new-password"
          label={t('caldav.password.label')}
          description={
            settings.passwordSet ? t('caldav.password.stored') : t('caldav.password.hint')
          }
          placeholder={settings.passwordSet ? t('caldav.password.placeholder') : undefined}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
          maw={360}
          data-testid="caldav-password"
        />
        <Group>
          <Button
            variant="default"
            mih={44}
            onClick={onTest}
            loading={test.isPending}
            disabled={!url.trim()}
            data-testid="caldav-test"
          >
            {t('caldav.test')}
          </Button>
        </Group>
        {test.isError && <ErrorAlert error={test.error} />}
        {test.data && <TestResult result={test.data} />}

        <Switch
          size="md"
          label={t('caldav.enabled.label')}
          description={t('caldav.enabled.hint')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
          data-testid="caldav-enabled"
        />
        <TextInput
          size="md"
          label={t('caldav.titleTemplate.label')}
          description={t('caldav.titleTemplate.hint')}
          value={titleTemplate}
          onChange={(e) => setTitleTemplate(e.currentTarget.value)}
          error={fieldError('titleTemplate')}
          maw={360}
          data-testid="caldav-title-template"
        />
        <Radio.Group
          label={t('caldav.privacy.label')}
          value={privacy}
          onChange={(value) => setPrivacy(value === 'absent' ? 'absent' : 'type')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="type" label={t('caldav.privacy.type')} />
            <Radio value="absent" label={t('caldav.privacy.absent')} />
          </Stack>
        </Radio.Group>
        <Checkbox.Group
          label={t('caldav.types.label')}
          description={t('caldav.types.hint')}
          value={syncedTypeIds}
          onChange={setSyncedTypeIds}
          error={fieldError('syncedTypeIds')}
        >
          <Stack gap="xs" mt="xs">
            {types.isPending && <LoadingBlock label={t('caldav.types.loading')} rows={2} />}
            {types.isError && <ErrorAlert error={types.error} />}
            {types.data?.map((type) => (
              <Checkbox key={type.id} value={type.id} label={type.name[lang]} />
            ))}
          </Stack>
        </Checkbox.Group>

        {save.isError && serverFields.length === 0 && <ErrorAlert error={save.error} />}
        <Group>
          <Button type="submit" mih={44} loading={save.isPending} data-testid="caldav-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={askDelete}
        onClose={() => setAskDelete(false)}
        title={t('caldav.disable.title')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text>{t('caldav.disable.message', { count: settings.events.synced })}</Text>
          {save.isError && <ErrorAlert error={save.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" mih={44} onClick={() => setAskDelete(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              variant="default"
              mih={44}
              loading={save.isPending}
              onClick={() => submit(false)}
              data-testid="caldav-disable-keep"
              data-autofocus
            >
              {t('caldav.disable.keep')}
            </Button>
            <Button
              color="red"
              mih={44}
              loading={save.isPending}
              onClick={() => submit(true)}
              data-testid="caldav-disable-delete"
            >
              {t('caldav.disable.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}

/**
 * Einstellungen → CalDAV (admins): the company calendar approved absences are written to, how
 * they are titled, and a step-by-step connection test.
 */
export function CaldavSettings() {
  const { t } = useTranslation();
  const settings = useCaldavSettings();
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="caldav-title"
    >
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id="caldav-title">
            {t('caldav.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('caldav.intro')}
          </Text>
        </div>
        {settings.isPending && <LoadingBlock label={t('caldav.loading')} rows={4} height={44} />}
        {settings.isError && (
          <ErrorAlert
            error={settings.error}
            onRetry={() => void settings.refetch()}
            retrying={settings.isFetching}
          />
        )}
        {settings.data && (
          <CaldavForm key={settings.data.updatedAt ?? 'new'} settings={settings.data} />
        )}
      </Stack>
    </Paper>
  );
}
