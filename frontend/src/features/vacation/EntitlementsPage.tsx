import {
  ActionIcon,
  Badge,
  Group,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useLang } from '../../i18n/use-lang';
import { localeOf } from '../../lib/format';
import { PATHS } from '../../lib/navigation';
import {
  useCompanyVacationDays,
  useEntitlements,
  useTeams,
  type EntitlementRow,
} from './api/vacation';
import { AdjustModal, ContractModal, OverrideModal } from './components/EntitlementModals';
import { YEAR_RANGE, yearParam } from './vacation-logic';

type Dialog = { kind: 'override' | 'adjust' | 'contract'; row: EntitlementRow } | null;

/**
 * `/vacation/entitlements` (admins): per person of a year Vertrag, berechnet, festgelegt,
 * Übertrag, Korrektur, genommen, geplant, verbleibend; set an entitlement, book a correction or
 * change the contract days, each with a reason. Year, team and search live in the URL. A plain
 * table renders 300 rows without trouble; the search narrows it on the client.
 */
export function EntitlementsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const year = yearParam(params.get('year'));
  const teamId = params.get('team');
  const search = params.get('q') ?? '';
  const entitlements = useEntitlements(year, teamId);
  const teams = useTeams();
  const companyDays = useCompanyVacationDays();
  const [dialog, setDialog] = useState<Dialog>(null);
  const shownYear = entitlements.data?.year ?? year;
  const number = useMemo(() => {
    const format = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 });
    return (n: number) => format.format(n);
  }, [lang]);

  const update = (key: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );

  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const people = entitlements.data?.people ?? [];
    return needle ? people.filter((p) => p.name.toLocaleLowerCase().includes(needle)) : people;
  }, [entitlements.data, search]);

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader
        title={t('vacation.entitlements.title')}
        description={t('vacation.entitlements.intro')}
      />
      <Group align="flex-end" gap="sm">
        <Group gap={4} wrap="nowrap" align="center">
          <ActionIcon
            variant="default"
            size={44}
            aria-label={t('vacation.previousYear')}
            disabled={!shownYear || shownYear <= YEAR_RANGE.min}
            onClick={() => shownYear && update('year', String(shownYear - 1))}
            data-testid="entitlements-year-previous"
          >
            ‹
          </ActionIcon>
          <Text fw={700} miw="4.5rem" ta="center" data-testid="entitlements-year">
            {shownYear ?? '…'}
          </Text>
          <ActionIcon
            variant="default"
            size={44}
            aria-label={t('vacation.nextYear')}
            disabled={!shownYear || shownYear >= YEAR_RANGE.max}
            onClick={() => shownYear && update('year', String(shownYear + 1))}
            data-testid="entitlements-year-next"
          >
            ›
          </ActionIcon>
        </Group>
        <TeamSelect teams={teams.data ?? []} value={teamId} onChange={(id) => update('team', id)} />
        <TextInput
          size="md"
          type="search"
          label={t('vacation.entitlements.search')}
          value={search}
          onChange={(e) => update('q', e.currentTarget.value || null)}
          data-testid="entitlements-search"
        />
      </Group>
      {entitlements.isError ? (
        <ErrorAlert
          error={entitlements.error}
          onRetry={() => void entitlements.refetch()}
          retrying={entitlements.isFetching}
        />
      ) : !entitlements.data || !shownYear ? (
        <LoadingBlock label={t('vacation.entitlements.loading')} rows={6} height={44} />
      ) : (
        <Paper withBorder>
          <Text size="sm" c="dimmed" p="sm" data-testid="entitlements-count">
            {t('vacation.entitlements.count', { count: rows.length })}
          </Text>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover stickyHeader data-testid="entitlements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('vacation.entitlements.column.person')}</Table.Th>
                  {(
                    [
                      'contract',
                      'computed',
                      'override',
                      'carriedOver',
                      'adjustments',
                      'taken',
                      'planned',
                      'remaining',
                    ] as const
                  ).map((c) => (
                    <Table.Th key={c} ta="right">
                      {t(`vacation.entitlements.column.${c}`)}
                    </Table.Th>
                  ))}
                  <Table.Th>
                    <VisuallyHidden>{t('vacation.entitlements.column.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={10}>{t('vacation.entitlements.empty')}</Table.Td>
                  </Table.Tr>
                )}
                {rows.map((row) => (
                  <Table.Tr key={row.userId} data-testid={`entitlement-${row.userId}`}>
                    <Table.Td>
                      <Text fw={500}>{row.name}</Text>
                      {row.teamName && (
                        <Text size="xs" c="dimmed">
                          {row.teamName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.contractDays)}</Num>
                      {row.contractSource === 'company' && (
                        <Badge variant="light" size="xs" ml={4}>
                          {t('vacation.entitlements.companyDefault')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.computed)}</Num>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{row.override ? number(row.override.days) : '–'}</Num>
                      {row.override && (
                        // Why the figure differs from the computed one, readable on touch
                        // screens too (a hover title is not); long reasons are cut to two
                        // lines, the account explains in full.
                        <Text
                          size="xs"
                          c="dimmed"
                          lineClamp={2}
                          maw="14rem"
                          ml="auto"
                          title={row.override.reason}
                          data-testid="entitlement-override-reason"
                        >
                          {t('vacation.entitlements.overrideReason', {
                            reason: row.override.reason,
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.totals.carriedOver)}</Num>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.totals.adjustments)}</Num>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.totals.taken)}</Num>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num>{number(row.totals.planned)}</Num>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Num style={{ fontWeight: 700 }}>{number(row.totals.remaining)}</Num>
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon
                            variant="subtle"
                            size={44}
                            aria-label={t('vacation.entitlements.actions.menu', {
                              name: row.name,
                            })}
                            data-testid={`entitlement-actions-${row.userId}`}
                          >
                            ⋯
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setDialog({ kind: 'override', row })}>
                            {t('vacation.entitlements.actions.override')}
                          </Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'adjust', row })}>
                            {t('vacation.entitlements.actions.adjust')}
                          </Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'contract', row })}>
                            {t('vacation.entitlements.actions.contract')}
                          </Menu.Item>
                          <Menu.Item
                            component={Link}
                            to={`${PATHS.vacation}?userId=${row.userId}&year=${shownYear}`}
                          >
                            {t('vacation.entitlements.actions.account')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {dialog?.kind === 'override' && shownYear && (
        <OverrideModal row={dialog.row} year={shownYear} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'adjust' && shownYear && (
        <AdjustModal row={dialog.row} year={shownYear} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'contract' && (
        <ContractModal
          row={dialog.row}
          companyDays={companyDays.data ?? null}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
