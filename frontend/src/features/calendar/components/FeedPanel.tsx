import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLang } from '../../../i18n/use-lang';
import { useSignedInUser } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/format';
import type { CalendarFeed } from '../api/calendar';
import { useCalendarFeeds, useCreateFeed, useRevokeFeed } from '../api/calendar';

type Scope = 'person' | 'team' | 'company';

/**
 * "Kalender abonnieren": read-only iCal URLs for any calendar app – own absences, a team's, or
 * (admins) the company's. The URL is shown once, with a copy button; subscriptions are listed
 * (when last fetched) and can be revoked, which ends them at once.
 */
export function FeedPanel({ teams }: { teams: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const feeds = useCalendarFeeds();
  const create = useCreateFeed();
  const revoke = useRevokeFeed();
  const [scope, setScope] = useState<Scope>('person');
  const [teamId, setTeamId] = useState<string>('');
  const [made, setMade] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CalendarFeed | null>(null);

  const scopes: Scope[] = me.role === 'admin' ? ['person', 'team', 'company'] : ['person', 'team'];
  const describe = (feed: CalendarFeed) =>
    feed.scope === 'team'
      ? t('calendar.feeds.scope.team', { team: feed.teamName ?? '' })
      : t(`calendar.feeds.scope.${feed.scope}`);

  function submit() {
    setMade(null);
    create.mutate(scope === 'team' ? { scope, teamId } : { scope }, {
      onSuccess: (feed) => setMade(feed.url),
    });
  }

  return (
    <Paper withBorder p="md" data-testid="feed-panel">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('calendar.feeds.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('calendar.feeds.intro')}
        </Text>
        <Group align="flex-end" gap="sm">
          <NativeSelect
            size="md"
            label={t('calendar.feeds.what')}
            value={scope}
            data={scopes.map((s) => ({ value: s, label: t(`calendar.feeds.choice.${s}`) }))}
            onChange={(e) => setScope(e.currentTarget.value as Scope)}
            data-testid="feed-scope"
          />
          {scope === 'team' && (
            <NativeSelect
              size="md"
              label={t('calendar.feeds.team')}
              value={teamId}
              data={[
                { value: '', label: t('calendar.feeds.chooseTeam'), disabled: true },
                ...teams.map((team) => ({ value: team.id, label: team.name })),
              ]}
              onChange={(e) => setTeamId(e.currentTarget.value)}
              data-testid="feed-team"
            />
          )}
          <Button
            h={44}
            onClick={submit}
            loading={create.isPending}
            disabled={scope === 'team' && !teamId}
            data-testid="feed-create"
          >
            {t('calendar.feeds.create')}
          </Button>
        </Group>
        {create.isError && <ErrorAlert error={create.error} />}
        {made && (
          <Alert color="green" title={t('calendar.feeds.madeTitle')} data-testid="feed-url">
            <Stack gap="xs">
              <Text size="sm">{t('calendar.feeds.madeHint')}</Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  readOnly
                  value={made}
                  aria-label={t('calendar.feeds.url')}
                  style={{ flex: 1 }}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={made}>
                  {({ copied, copy }) => (
                    <Button variant="default" h={44} onClick={copy} data-testid="feed-copy">
                      {copied ? t('calendar.feeds.copied') : t('calendar.feeds.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
        {feeds.isError && <ErrorAlert error={feeds.error} onRetry={() => void feeds.refetch()} />}
        {feeds.data && feeds.data.length > 0 && (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {feeds.data.map((feed) => (
              <Group key={feed.id} component="li" justify="space-between" data-testid="feed-item">
                <Text size="sm">
                  <strong>{describe(feed)}</strong>
                  {' · '}
                  {feed.lastUsedAt
                    ? t('calendar.feeds.lastUsed', { at: formatDateTime(feed.lastUsedAt, lang) })
                    : t('calendar.feeds.neverUsed')}
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={44}
                  aria-label={t('calendar.feeds.revokeOne', { what: describe(feed) })}
                  onClick={() => {
                    revoke.reset();
                    setRevoking(feed);
                  }}
                >
                  <span aria-hidden="true">✕</span>
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmDialog
        opened={revoking !== null}
        title={t('calendar.feeds.revokeTitle')}
        message={t('calendar.feeds.revokeMessage', { what: revoking ? describe(revoking) : '' })}
        confirmLabel={t('calendar.feeds.revoke')}
        color="red"
        loading={revoke.isPending}
        error={revoke.isError ? revoke.error : null}
        onConfirm={() =>
          revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })
        }
        onClose={() => setRevoking(null)}
      />
    </Paper>
  );
}
