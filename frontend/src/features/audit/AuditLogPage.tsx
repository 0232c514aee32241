import {
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import { bundeslandName } from '../../lib/bundeslaender';
import { formatDateTime } from '../../lib/format';
import {
  useAuditLog,
  useCompanyLookups,
  useTenantLookup,
  type AuditEntry,
  type AuditFilters,
} from './api/audit';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  dayToInstant,
  isAuditAction,
  isAuditEntityType,
  summarizeChange,
  type AuditValueResolver,
} from './audit-format';

const ROLES = ['super_admin', 'admin', 'manager', 'employee'] as const;
function isRole(value: unknown): value is (typeof ROLES)[number] {
  return (ROLES as readonly unknown[]).includes(value);
}

interface FilterValues {
  action: string;
  entityType: string;
  actorUserId: string;
  tenantId: string;
  from: string;
  to: string;
}

const NO_FILTERS: FilterValues = {
  action: '',
  entityType: '',
  actorUserId: '',
  tenantId: '',
  from: '',
  to: '',
};

function toQuery(values: FilterValues): AuditFilters {
  const query: AuditFilters = {};
  if (values.action) query.action = values.action;
  if (values.entityType) query.entityType = values.entityType;
  if (values.actorUserId) query.actorUserId = values.actorUserId;
  if (values.tenantId) query.tenantId = values.tenantId;
  const from = dayToInstant(values.from);
  const to = dayToInstant(values.to, true);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

/** Turns ids into names where the screen knows them. */
interface Names {
  entity: (entry: AuditEntry) => string;
  tenant: (id: string | null) => string | null;
  value: AuditValueResolver;
}

function useEntryText() {
  const { t } = useTranslation();
  return {
    action: (action: string) => (isAuditAction(action) ? t(`audit.actions.${action}`) : action),
    actor: (entry: AuditEntry) =>
      entry.actor ? entry.actor.name || entry.actor.email : t('audit.system'),
    field: (field: string) => {
      const known = [
        'name',
        'email',
        'role',
        'teamId',
        'status',
        'managerIds',
        'locale',
        'employeeNumber',
        'startDate',
        'endDate',
        'timeZone',
        'holidayRegion',
        'holidaySubregion',
      ] as const;
      return (known as readonly string[]).includes(field)
        ? t(`audit.fields.${field as (typeof known)[number]}`)
        : field;
    },
  };
}

function Change({ entry, resolve }: { entry: AuditEntry; resolve: AuditValueResolver }) {
  const { t } = useTranslation();
  const text = useEntryText();
  const changes = summarizeChange(entry.before, entry.after, resolve);
  if (changes.length === 0 && !entry.reason)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2}>
      {changes.map((change) => (
        <Text key={change.field} size="sm" style={{ overflowWrap: 'anywhere' }}>
          <Text span fw={600} size="sm">
            {text.field(change.field)}:
          </Text>{' '}
          {change.before !== null && change.after !== null
            ? `${change.before} → ${change.after}`
            : (change.after ?? change.before)}
        </Text>
      ))}
      {entry.reason && (
        <Text size="sm" c="dimmed">
          {t('audit.reason', { reason: entry.reason })}
        </Text>
      )}
    </Stack>
  );
}

function EntriesTable({ entries, names }: { entries: AuditEntry[]; names: Names }) {
  const { t } = useTranslation();
  const lang = useLang();
  const text = useEntryText();
  return (
    <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.columns.at')}</Table.Th>
          <Table.Th>{t('audit.columns.actor')}</Table.Th>
          <Table.Th>{t('audit.columns.action')}</Table.Th>
          <Table.Th>{t('audit.columns.entity')}</Table.Th>
          <Table.Th>{t('audit.columns.change')}</Table.Th>
          <Table.Th>{t('audit.columns.ip')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
          <Table.Tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Num>{formatDateTime(entry.at, lang)}</Num>
            </Table.Td>
            <Table.Td>
              {text.actor(entry)}
              {names.tenant(entry.tenantId) && (
                <Text size="xs" c="dimmed">
                  {names.tenant(entry.tenantId)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{text.action(entry.action)}</Table.Td>
            <Table.Td>{names.entity(entry)}</Table.Td>
            <Table.Td>
              <Change entry={entry} resolve={names.value} />
            </Table.Td>
            <Table.Td>
              <Num>{entry.ip ?? '—'}</Num>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EntriesCards({ entries, names }: { entries: AuditEntry[]; names: Names }) {
  const lang = useLang();
  const text = useEntryText();
  return (
    <Stack gap="xs" component="ul" p={0} m={0}>
      {entries.map((entry) => (
        <Paper key={entry.id} withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
          <Stack gap={4}>
            <Text fw={600}>{text.action(entry.action)}</Text>
            <Text size="sm" c="dimmed">
              <Num>{formatDateTime(entry.at, lang)}</Num> · {text.actor(entry)}
              {entry.ip ? ` · ${entry.ip}` : ''}
            </Text>
            <Text size="sm">{names.entity(entry)}</Text>
            <Change entry={entry} resolve={names.value} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/** `/audit-log` (admins: their company; super-admin: all): who changed what, when. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const isSuperAdmin = user.role === 'super_admin';
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const log = useAuditLog(toQuery(filters));
  const { people, teams } = useCompanyLookups(!isSuperAdmin);
  const tenants = useTenantLookup(isSuperAdmin);

  const names: Names = {
    entity: (entry) => {
      const type = isAuditEntityType(entry.entityType)
        ? t(`audit.entityTypes.${entry.entityType}`)
        : entry.entityType;
      if (!entry.entityId) return type ?? '—';
      const name =
        entry.entityType === 'user'
          ? people.find((p) => p.id === entry.entityId)?.name
          : entry.entityType === 'team'
            ? teams.find((team) => team.id === entry.entityId)?.name
            : entry.entityType === 'tenant'
              ? (tenants.find((tenant) => tenant.id === entry.entityId)?.name ??
                (user.tenant?.id === entry.entityId ? user.tenant.name : undefined))
              : undefined;
      return `${type ?? ''}: ${name ?? entry.entityId.slice(0, 8)}`;
    },
    tenant: (id) => (isSuperAdmin && id ? (tenants.find((x) => x.id === id)?.name ?? null) : null),
    value: (field, value) => {
      const person = (id: unknown) => {
        const p = people.find((x) => x.id === id);
        return p ? p.name || p.email : id;
      };
      if (field === 'teamId' && typeof value === 'string')
        return teams.find((team) => team.id === value)?.name;
      if (field === 'managerIds' && Array.isArray(value)) return value.map(person);
      if (field === 'role' && isRole(value)) return t(`roles.${value}`);
      if (field === 'holidayRegion' && typeof value === 'string') return bundeslandName(value);
      return undefined;
    },
  };

  const set = (changes: Partial<FilterValues>) => setFilters((f) => ({ ...f, ...changes }));
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const actionText = useEntryText().action;

  let content;
  if (log.isPending) content = <LoadingBlock label={t('audit.loading')} rows={6} height={40} />;
  else if (log.isError && entries.length === 0)
    content = (
      <ErrorAlert error={log.error} onRetry={() => void log.refetch()} retrying={log.isFetching} />
    );
  else if (entries.length === 0)
    content = (
      <Text c="dimmed" data-testid="audit-empty">
        {filtered ? t('audit.emptyFiltered') : t('audit.empty')}
      </Text>
    );
  else
    content = (
      <>
        <Box visibleFrom="md">
          <EntriesTable entries={entries} names={names} />
        </Box>
        <Box hiddenFrom="md">
          <EntriesCards entries={entries} names={names} />
        </Box>
        {log.isFetchNextPageError && <ErrorAlert error={log.error} />}
        <Group justify="center">
          {log.hasNextPage ? (
            <Button
              variant="default"
              mih={44}
              loading={log.isFetchingNextPage}
              onClick={() => void log.fetchNextPage()}
              data-testid="audit-more"
            >
              {t('audit.more')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              {t('audit.allLoaded', { count: entries.length })}
            </Text>
          )}
        </Group>
      </>
    );

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader title={t('audit.title')} description={t('audit.intro')} />
      <Paper withBorder p="md" component="section" aria-label={t('audit.filters.title')}>
        <SimpleGrid
          cols={{ base: 1, xs: 2, md: isSuperAdmin || people.length ? 3 : 2 }}
          spacing="sm"
        >
          <NativeSelect
            size="md"
            label={t('audit.filters.action')}
            value={filters.action}
            data={[
              { value: '', label: t('audit.filters.all') },
              ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionText(a) })),
            ]}
            onChange={(e) => set({ action: e.currentTarget.value })}
            data-testid="audit-filter-action"
          />
          <NativeSelect
            size="md"
            label={t('audit.filters.entityType')}
            value={filters.entityType}
            data={[
              { value: '', label: t('audit.filters.all') },
              ...AUDIT_ENTITY_TYPES.map((type) => ({
                value: type,
                label: t(`audit.entityTypes.${type}`),
              })),
            ]}
            onChange={(e) => set({ entityType: e.currentTarget.value })}
          />
          {isSuperAdmin ? (
            <NativeSelect
              size="md"
              label={t('audit.filters.tenant')}
              value={filters.tenantId}
              data={[
                { value: '', label: t('audit.filters.all') },
                ...tenants.map((x) => ({ value: x.id, label: x.name })),
              ]}
              onChange={(e) => set({ tenantId: e.currentTarget.value })}
            />
          ) : (
            people.length > 0 && (
              <NativeSelect
                size="md"
                label={t('audit.filters.actor')}
                value={filters.actorUserId}
                data={[
                  { value: '', label: t('audit.filters.all') },
                  ...people.map((p) => ({ value: p.id, label: p.name || p.email })),
                ]}
                onChange={(e) => set({ actorUserId: e.currentTarget.value })}
              />
            )
          )}
          <TextInput
            size="md"
            type="date"
            label={t('audit.filters.from')}
            value={filters.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
          />
          <TextInput
            size="md"
            type="date"
            label={t('audit.filters.to')}
            value={filters.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
          />
        </SimpleGrid>
        {filtered && (
          <Button variant="subtle" mih={44} mt="sm" onClick={() => setFilters(NO_FILTERS)}>
            {t('audit.filters.reset')}
          </Button>
        )}
      </Paper>
      {content}
    </Stack>
  );
}
