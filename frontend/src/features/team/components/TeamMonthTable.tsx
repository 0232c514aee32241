import { Anchor, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FindingCounts } from '../../../components/FindingCounts';
import { Num } from '../../../components/Num';
import { formatBalance, formatDuration } from '../../../lib/format';
import type { Sort, SortKey } from '../team-month';
import { LockBadge } from './LockBadge';
import { MonthActions } from './MonthActions';
import type { PersonMonthProps } from './row-props';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const COLUMNS: { key: SortKey; numeric: boolean }[] = [
  { key: 'name', numeric: false },
  { key: 'target', numeric: true },
  { key: 'worked', numeric: true },
  { key: 'diff', numeric: true },
  { key: 'balance', numeric: true },
  { key: 'lock', numeric: false },
  { key: 'findings', numeric: false },
];

function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  sort: Sort;
  onSort: (key: SortKey) => void;
}) {
  const { t } = useTranslation();
  const active = sort.key === column.key;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th aria-sort={ariaSort} ta={column.numeric ? 'right' : 'left'}>
      <UnstyledButton
        onClick={() => onSort(column.key)}
        fw={700}
        fz="sm"
        mih={44}
        style={{ display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap' }}
        data-testid={`sort-${column.key}`}
      >
        {t(`teamMonth.columns.${column.key}`)}
        <span
          aria-hidden="true"
          style={{ display: 'inline-block', width: '1.2em', textAlign: 'center' }}
        >
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

/** Desktop: one row per person, sortable by every column (phones get cards instead). */
export function TeamMonthTable({
  rows,
  sort,
  onSort,
  caption,
}: {
  rows: PersonMonthProps[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  caption: string;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="team-month-table">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text size="sm" c="dimmed" component="span">
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
            <Table.Th>
              <VisuallyHidden>{t('teamMonth.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((props) => {
            const { row } = props;
            return (
              <Table.Tr key={row.userId} data-testid="team-month-row" data-name={row.name}>
                <Table.Td>
                  <Anchor component={Link} to={props.sheetPath} fw={600}>
                    {row.name}
                  </Anchor>
                  {props.teamName && (
                    <Text size="xs" c="dimmed">
                      {props.teamName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={NOWRAP}>
                  <Num>{formatDuration(row.totals.targetMinutes)}</Num>
                </Table.Td>
                <Table.Td ta="right" style={NOWRAP}>
                  <Num>{formatDuration(row.totals.workedMinutes)}</Num>
                </Table.Td>
                <Table.Td ta="right" style={NOWRAP}>
                  <Num>{formatBalance(row.totals.diffMinutes)}</Num>
                </Table.Td>
                <Table.Td ta="right" style={NOWRAP}>
                  <Num data-testid="balance">{formatBalance(row.balance)}</Num>
                </Table.Td>
                <Table.Td style={NOWRAP}>
                  <LockBadge lock={row.lock} />
                </Table.Td>
                <Table.Td>
                  <FindingCounts counts={row.findings} />
                </Table.Td>
                <Table.Td>
                  <MonthActions {...props} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
