import { Button, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { useSignedInUser } from '../../lib/auth';
import { useErrorMessage } from '../../lib/use-error-message';
import { usePeople, usePersonAction, useTeamOptions, type Person } from './api/people';
import { EditPersonModal } from './components/EditPersonModal';
import { InviteModal } from './components/InviteModal';
import { PersonRow, type RowAction } from './components/PersonRow';

type Tab = Person['status'];
const TABS: readonly Tab[] = ['active', 'invited', 'disabled'];

/** Actions that affect someone else and cannot be taken back with one click ask first. */
type Confirmable = { person: Person; action: 'deactivate' | 'withdraw' };

/**
 * `/people` (admins): everyone of the company in three tabs, search, "Person einladen", and per
 * person edit, deactivate/reactivate, or resend/withdraw the invitation.
 */
export function PeoplePage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const errorMessage = useErrorMessage();
  const [tab, setTab] = useState<Tab>('active');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const people = usePeople(debouncedSearch);
  const teams = useTeamOptions();
  const action = usePersonAction();
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Person | null>(null);
  const [confirming, setConfirming] = useState<Confirmable | null>(null);

  const running =
    action.isPending && action.variables
      ? { id: action.variables.id, action: action.variables.action }
      : null;

  function run(person: Person, what: Exclude<RowAction, 'edit'>) {
    action.mutate(
      { id: person.id, action: what },
      {
        onSuccess: (updated) => {
          setConfirming(null);
          notifications.show({
            color: 'green',
            message: t(`people.done.${what}`, { name: updated.name || updated.email }),
          });
        },
        onError: (error) => {
          // Confirmed actions show their error in the dialog; the others as a notification.
          if (what === 'deactivate' || what === 'withdraw') return;
          notifications.show({
            color: 'red',
            title: t(`people.failed.${what}`),
            message: errorMessage(error),
          });
        },
      },
    );
  }

  function onRowAction(person: Person, what: RowAction) {
    if (what === 'edit') setEditing(person);
    else if (what === 'deactivate' || what === 'withdraw') {
      action.reset();
      setConfirming({ person, action: what });
    } else run(person, what);
  }

  const all = people.data ?? [];
  const counts = Object.fromEntries(
    TABS.map((status) => [status, all.filter((p) => p.status === status).length]),
  ) as Record<Tab, number>;

  function list(status: Tab) {
    if (people.isPending) return <LoadingBlock label={t('people.loading')} rows={4} height={72} />;
    if (people.isError)
      return (
        <ErrorAlert
          error={people.error}
          onRetry={() => void people.refetch()}
          retrying={people.isFetching}
        />
      );
    const shown = all.filter((p) => p.status === status);
    if (shown.length === 0) {
      return (
        <Text c="dimmed" py="md" data-testid="people-empty">
          {debouncedSearch.trim()
            ? t('people.emptySearch', { search: debouncedSearch.trim() })
            : t(`people.empty.${status}`)}
        </Text>
      );
    }
    return (
      <Stack gap="xs" component="ul" p={0} m={0} aria-busy={people.isFetching}>
        {shown.map((person) => (
          <PersonRow
            key={person.id}
            person={person}
            isSelf={person.id === me.id}
            now={people.dataUpdatedAt}
            busy={running?.id === person.id ? running.action : null}
            onAction={(what) => onRowAction(person, what)}
          />
        ))}
      </Stack>
    );
  }

  const confirmName = confirming ? confirming.person.name || confirming.person.email : '';

  return (
    <Stack gap="lg" maw={1040}>
      <PageHeader
        title={t('people.title')}
        description={t('people.intro')}
        action={
          <Button mih={44} onClick={() => setInviting(true)} data-testid="invite-open">
            {t('people.invite.open')}
          </Button>
        }
      />
      <TextInput
        size="md"
        type="search"
        label={t('people.search.label')}
        placeholder={t('people.search.placeholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
        data-testid="people-search"
      />
      {teams.isError && <ErrorAlert error={teams.error} title={t('people.teamsFailed')} />}
      <Tabs
        value={tab}
        onChange={(value) => setTab((value as Tab | null) ?? 'active')}
        keepMounted={false}
      >
        <Tabs.List grow>
          {TABS.map((status) => (
            <Tabs.Tab
              key={status}
              value={status}
              mih={44}
              px={{ base: 4, xs: 'md' }}
              fz={{ base: 'sm', xs: 'md' }}
              data-testid={`people-tab-${status}`}
            >
              {t(`people.tabs.${status}`)}
              {people.data ? ` (${counts[status]})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((status) => (
          <Tabs.Panel key={status} value={status} pt="md">
            {list(status)}
          </Tabs.Panel>
        ))}
      </Tabs>

      <InviteModal
        opened={inviting}
        onClose={() => setInviting(false)}
        teams={teams.data ?? []}
        onInvited={() => setTab('invited')}
      />
      {editing && (
        <EditPersonModal
          key={editing.id}
          person={editing}
          isSelf={editing.id === me.id}
          teams={teams.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={confirming !== null}
        title={
          confirming?.action === 'withdraw'
            ? t('people.confirm.withdraw.title')
            : t('people.confirm.deactivate.title', { name: confirmName })
        }
        message={
          confirming?.action === 'withdraw'
            ? t('people.confirm.withdraw.message', { email: confirming.person.email })
            : t('people.confirm.deactivate.message', { name: confirmName })
        }
        confirmLabel={
          confirming?.action === 'withdraw'
            ? t('people.actions.withdraw')
            : t('people.actions.deactivate')
        }
        loading={action.isPending}
        error={action.isError ? action.error : null}
        onConfirm={() => confirming && run(confirming.person, confirming.action)}
        onClose={() => setConfirming(null)}
      />
    </Stack>
  );
}
