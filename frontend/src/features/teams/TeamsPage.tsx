import { Badge, Button, Checkbox, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api-error';
import {
  useCreateTeam,
  useDeleteTeam,
  useMembers,
  useTeams,
  useUpdateTeam,
  type Member,
  type Team,
} from './api/teams';

function CreateTeam() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const create = useCreateTeam();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('teams.nameMissing'));
      return;
    }
    setError(undefined);
    create.mutate(name.trim(), {
      onSuccess: (team) => {
        setName('');
        notifications.show({ color: 'green', message: t('teams.created', { name: team.name }) });
      },
      onError: (e) => {
        if (isApiError(e, 'CONFLICT')) setError(t('teams.nameTaken'));
      },
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-label={t('teams.create.title')}>
      <form onSubmit={onSubmit} noValidate aria-label={t('teams.create.title')}>
        <Group align="flex-end" gap="sm">
          <TextInput
            size="md"
            label={t('teams.create.label')}
            placeholder={t('teams.create.placeholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            style={{ flex: '1 1 14rem' }}
            autoComplete="off"
            data-testid="team-name"
          />
          <Button type="submit" mih={44} loading={create.isPending} data-testid="team-create">
            {t('teams.create.submit')}
          </Button>
        </Group>
      </form>
      {create.isError && !isApiError(create.error, 'CONFLICT') && (
        <ErrorAlert error={create.error} />
      )}
    </Paper>
  );
}

function EditTeamModal({
  team,
  candidates,
  onClose,
}: {
  team: Team;
  candidates: readonly Member[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(team.name);
  const [leaders, setLeaders] = useState<string[]>(team.managerIds);
  const [nameError, setNameError] = useState<string>();
  const update = useUpdateTeam();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(t('teams.nameMissing'));
      return;
    }
    setNameError(undefined);
    const sameLeaders =
      leaders.length === team.managerIds.length &&
      leaders.every((id) => team.managerIds.includes(id));
    update.mutate(
      {
        id: team.id,
        ...(name.trim() === team.name ? {} : { name: name.trim() }),
        ...(sameLeaders ? {} : { managerIds: leaders }),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('teams.saved', { name: name.trim() }) });
          onClose();
        },
        onError: (e) => {
          if (isApiError(e, 'CONFLICT')) setNameError(t('teams.nameTaken'));
        },
      },
    );
  }

  return (
    <FormModal opened onClose={onClose} title={t('teams.edit.title', { name: team.name })}>
      <form onSubmit={onSubmit} noValidate aria-label={t('teams.edit.title', { name: team.name })}>
        <Stack gap="md">
          <TextInput
            size="md"
            label={t('teams.edit.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            autoComplete="off"
            data-autofocus
          />
          <Checkbox.Group
            label={t('teams.edit.leaders')}
            description={t('teams.edit.leadersHint')}
            value={leaders}
            onChange={setLeaders}
          >
            <Stack gap="xs" mt="xs">
              {candidates.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('teams.edit.noCandidates')}
                </Text>
              )}
              {candidates.map((person) => (
                <Checkbox
                  key={person.id}
                  value={person.id}
                  label={`${person.name || person.email} (${t(`roles.${person.role}`)})`}
                  size="md"
                  py={6}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {update.isError && !isApiError(update.error, 'CONFLICT') && (
            <ErrorAlert error={update.error} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" mih={44} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

/** `/teams` (admins): teams with member count and leaders; create, edit, delete when empty. */
export function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const members = useMembers();
  const remove = useDeleteTeam();
  const [editing, setEditing] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const people = members.data ?? [];
  const nameOf = (id: string) => {
    const person = people.find((p) => p.id === id);
    return person ? person.name || person.email : t('teams.unknownPerson');
  };
  const candidates = people.filter(
    (p) => (p.role === 'manager' || p.role === 'admin') && p.status !== 'disabled',
  );

  let content;
  if (teams.isPending) content = <LoadingBlock label={t('teams.loading')} rows={3} height={64} />;
  else if (teams.isError)
    content = (
      <ErrorAlert
        error={teams.error}
        onRetry={() => void teams.refetch()}
        retrying={teams.isFetching}
      />
    );
  else if (teams.data.length === 0)
    content = (
      <Text c="dimmed" data-testid="teams-empty">
        {t('teams.empty')}
      </Text>
    );
  else
    content = (
      <Stack gap="xs" component="ul" p={0} m={0}>
        {teams.data.map((team) => (
          <Paper
            key={team.id}
            withBorder
            p="sm"
            component="li"
            style={{ listStyle: 'none' }}
            data-testid="team-row"
          >
            <Group justify="space-between" gap="sm">
              <Stack gap={2} style={{ flex: '1 1 14rem' }}>
                <Group gap="xs">
                  <Text fw={600}>{team.name}</Text>
                  <Badge color="gray">{t('teams.members', { count: team.memberCount })}</Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {team.managerIds.length
                    ? t('teams.leaders', { names: team.managerIds.map(nameOf).join(', ') })
                    : t('teams.noLeaders')}
                </Text>
              </Stack>
              <Group gap="xs">
                <Button
                  variant="default"
                  mih={44}
                  onClick={() => setEditing(team)}
                  aria-label={`${t('common.edit')}: ${team.name}`}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  variant="outline"
                  color="red"
                  mih={44}
                  disabled={team.memberCount > 0}
                  title={team.memberCount > 0 ? t('teams.deleteOnlyEmpty') : undefined}
                  onClick={() => {
                    remove.reset();
                    setDeleting(team);
                  }}
                  aria-label={`${t('teams.delete')}: ${team.name}`}
                >
                  {t('teams.delete')}
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
    );

  return (
    <Stack gap="lg" maw={880}>
      <PageHeader title={t('teams.title')} description={t('teams.intro')} />
      <CreateTeam />
      {members.isError && <ErrorAlert error={members.error} title={t('teams.membersFailed')} />}
      {content}
      {editing && (
        <EditTeamModal
          key={editing.id}
          team={editing}
          candidates={candidates}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('teams.confirmDelete.title', { name: deleting?.name ?? '' })}
        message={t('teams.confirmDelete.message')}
        confirmLabel={t('teams.delete')}
        loading={remove.isPending}
        error={remove.isError ? remove.error : null}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: t('teams.deleted', { name: deleting.name }),
              });
              setDeleting(null);
            },
          })
        }
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
