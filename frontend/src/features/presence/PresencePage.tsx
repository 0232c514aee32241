import { Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useLang } from '../../i18n/use-lang';
import { unwrap } from '../../lib/api-error';
import { useSignedInUser } from '../../lib/auth';
import { localeOf } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { usePresence } from './api/use-presence';
import { ConnectionStatus } from './components/ConnectionStatus';
import { PersonCard, STATUS_LOOK } from './components/PersonCard';
import {
  PRESENCE_STATUSES,
  countByStatus,
  visiblePeople,
  type PresenceStatus,
} from './presence-state';

/**
 * `/presence` (managers and admins): Anwesenheit — who is working, on a break, absent or not
 * in yet, live from the server's event stream. Count chips filter the cards (one column on
 * phones, a grid on wider screens); "Stand" says how fresh the data is.
 */
export function PresencePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const { people, state, asOf, retry } = usePresence();
  const [statuses, setStatuses] = useState<PresenceStatus[]>([...PRESENCE_STATUSES]);
  const [teamId, setTeamId] = useState<string | null>(null);
  const teams = useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/teams', { signal })),
  });
  const filterTeams = (teams.data ?? []).filter(
    (team) => me.role === 'admin' || team.managerIds.includes(me.id),
  );

  const inTeam = (people ?? []).filter((p) => teamId === null || p.teamIds.includes(teamId));
  const counts = countByStatus(inTeam);
  const shown = people ? visiblePeople(people, { teamId, statuses }, localeOf(lang)) : [];

  function toggle(status: PresenceStatus) {
    setStatuses((current) =>
      current.includes(status) ? current.filter((s) => s !== status) : [...current, status],
    );
  }

  let content;
  if (!people) {
    content =
      state.kind === 'failed' ? null : (
        <LoadingBlock label={t('presence.loading')} rows={3} height={72} />
      );
  } else if (people.length === 0) {
    content = (
      <Paper withBorder p="lg" data-testid="presence-empty">
        <Text>{t(me.role === 'admin' ? 'presence.empty.admin' : 'presence.empty.manager')}</Text>
      </Paper>
    );
  } else {
    content = (
      <Stack gap="sm">
        <Group gap="xs" role="group" aria-label={t('presence.filter')}>
          {PRESENCE_STATUSES.map((status) => {
            const on = statuses.includes(status);
            return (
              <Button
                key={status}
                mih={44}
                radius="xl"
                {...(on ? STATUS_LOOK[status] : { variant: 'default', color: 'gray' })}
                aria-pressed={on}
                onClick={() => toggle(status)}
                data-testid={`presence-count-${status}`}
              >
                <Num>{t(`presence.count.${status}`, { count: counts[status] })}</Num>
              </Button>
            );
          })}
        </Group>
        {shown.length === 0 ? (
          <Text c="dimmed">{t('presence.noneShown')}</Text>
        ) : (
          <SimpleGrid
            cols={{ base: 1, xs: 2, md: 3, lg: 4 }}
            spacing="sm"
            component="ul"
            p={0}
            m={0}
            data-testid="presence-grid"
          >
            {shown.map((person) => (
              <PersonCard key={person.userId} person={person} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader title={t('presence.title')} description={t('presence.intro')} />
      <Group justify="space-between" align="flex-end" gap="md">
        <ConnectionStatus state={state} asOf={asOf} onRetry={retry} />
        {filterTeams.length > 1 && (
          <TeamSelect teams={filterTeams} value={teamId} onChange={setTeamId} />
        )}
      </Group>
      {content}
    </Stack>
  );
}
