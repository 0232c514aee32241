import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, formatDateTime } from '../../../lib/format';
import { schedulesPath } from '../../../lib/navigation';
import type { Person } from '../api/people';

export type RowAction = 'edit' | 'deactivate' | 'reactivate' | 'resend' | 'withdraw';

/** One person: who, role, team, and the actions their status allows. */
export function PersonRow({
  person,
  isSelf,
  busy,
  onAction,
  now,
}: {
  person: Person;
  /** When the list was loaded: invitations older than this show as expired. */
  now: number;
  isSelf: boolean;
  /** The action currently running for this person, if any. */
  busy: RowAction | null;
  onAction: (action: RowAction) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = person.name || person.email;
  const expiresAt = person.invitationExpiresAt ? new Date(person.invitationExpiresAt) : null;
  const expired = expiresAt !== null && expiresAt.getTime() < now;

  const details = [
    person.teamName ? t('people.row.team', { team: person.teamName }) : t('people.noTeam'),
    person.employeeNumber
      ? t('people.row.employeeNumber', { number: person.employeeNumber })
      : null,
    person.startDate ? t('people.row.since', { date: formatDate(person.startDate, lang) }) : null,
    person.endDate ? t('people.row.until', { date: formatDate(person.endDate, lang) }) : null,
  ].filter(Boolean);

  const button = (
    action: RowAction,
    label: string,
    props: { color?: string; variant?: string } = {},
  ) => (
    <Button
      variant={props.variant ?? 'default'}
      color={props.color}
      mih={44}
      loading={busy === action}
      disabled={busy !== null && busy !== action}
      onClick={() => onAction(action)}
      aria-label={`${label}: ${name}`}
      data-testid={`person-${action}`}
    >
      {label}
    </Button>
  );

  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="person-row"
      data-email={person.email}
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 16rem' }} miw={0}>
          <Group gap="xs">
            <Text fw={600}>{name}</Text>
            {isSelf && <Text c="dimmed">{t('people.row.you')}</Text>}
            <Badge color="gray">{t(`roles.${person.role}`)}</Badge>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {person.email}
          </Text>
          <Text size="sm" c="dimmed">
            <Num>{details.join(' · ')}</Num>
          </Text>
          {person.status === 'invited' && expiresAt && (
            <Group gap="xs">
              {expired ? (
                <Badge color="orange" variant="outline" data-testid="invitation-expired">
                  {t('people.row.invitationExpired', { date: formatDateTime(expiresAt, lang) })}
                </Badge>
              ) : (
                <Text size="sm" data-testid="invitation-expiry">
                  <Num>
                    {t('people.row.invitationValid', { date: formatDateTime(expiresAt, lang) })}
                  </Num>
                </Text>
              )}
            </Group>
          )}
          {person.status === 'invited' && person.invitationMail?.status === 'failed' && (
            <Badge color="red" variant="outline" data-testid="invitation-mail-failed">
              {t('people.row.invitationMailFailed')}
            </Badge>
          )}
          {person.status === 'invited' && person.invitationMail?.status === 'pending' && (
            <Text size="sm" c="dimmed" data-testid="invitation-mail-pending">
              {t('people.row.invitationMailPending')}
            </Text>
          )}
          {person.status === 'active' && person.lastLoginAt && (
            <Text size="sm" c="dimmed">
              <Num>
                {t('people.row.lastLogin', { date: formatDateTime(person.lastLoginAt, lang) })}
              </Num>
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {person.status === 'invited' && (
            <>
              {button('resend', t('people.actions.resend'))}
              {button('withdraw', t('people.actions.withdraw'), {
                color: 'red',
                variant: 'outline',
              })}
            </>
          )}
          {button('edit', t('common.edit'))}
          {person.status !== 'disabled' && (
            <Button
              component={Link}
              to={schedulesPath(person.id)}
              variant="default"
              mih={44}
              aria-label={`${t('people.actions.schedule')}: ${name}`}
              data-testid="person-schedule"
            >
              {t('people.actions.schedule')}
            </Button>
          )}
          {person.status === 'active' &&
            !isSelf &&
            button('deactivate', t('people.actions.deactivate'), {
              color: 'red',
              variant: 'outline',
            })}
          {person.status === 'disabled' && button('reactivate', t('people.actions.reactivate'))}
        </Group>
      </Group>
    </Paper>
  );
}
