import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TABULAR_NUMS } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import type { Lang } from '../../../i18n/languages';
import { formatBalance, formatDuration, formatNumber } from '../../../lib/format';
import type { Overview, OverviewRow } from '../api/overview';
import type { Sort, SortKey } from '../overview-logic';
import classes from './overview-table.module.css';

const COLUMNS: SortKey[] = [
  'name',
  'target',
  'worked',
  'diff',
  'balance',
  'vacation',
  'sick',
  'other',
  'findings',
];

/** Days as a bare number in the UI language ("1,5"); the header says "Tage". */
const days = formatNumber;

type Figures = Overview['totals'];

/**
 * The cells of a person's figures (and of the totals). Plain elements and one i18n call per
 * cell at most: the table must stay quick with 300 people.
 */
function FigureCells({
  figures,
  typeNames,
  lang,
}: {
  figures: Figures;
  typeNames: ReadonlyMap<string, string>;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const f = figures.findings;
  const otherTitle = figures.otherAbsences
    .map((o) => `${typeNames.get(o.typeId) ?? '?'}: ${days(o.days, lang)}`)
    .join(', ');
  const findingsTitle =
    f.total === 0
      ? t('findings.none')
      : [
          t('findings.count.violation', { count: f.violation }),
          t('findings.count.warning', { count: f.warning }),
          t('findings.count.info', { count: f.info }),
        ].join(', ');
  return (
    <>
      <td className={TABULAR_NUMS}>{formatDuration(figures.targetMinutes)}</td>
      <td className={TABULAR_NUMS}>{formatDuration(figures.workedMinutes)}</td>
      <td className={TABULAR_NUMS}>{formatBalance(figures.diffMinutes)}</td>
      <td className={TABULAR_NUMS} data-testid="overview-balance">
        {formatBalance(figures.balanceMinutes)}
      </td>
      <td className={TABULAR_NUMS}>
        {days(figures.vacationTakenDays, lang)} / {days(figures.vacationRemainingDays, lang)}
      </td>
      <td className={TABULAR_NUMS}>{days(figures.sickDays, lang)}</td>
      <td className={TABULAR_NUMS} title={otherTitle || undefined}>
        {days(figures.otherAbsenceDays, lang)}
      </td>
      <td className={TABULAR_NUMS} title={findingsTitle}>
        {f.total === 0 ? (
          <span className={classes.dim}>–</span>
        ) : (
          <>
            {f.total}
            {f.violation > 0 && (
              <span className={classes.violations}>
                {' · '}
                {t('reports.violations', { count: f.violation })}
              </span>
            )}
          </>
        )}
      </td>
    </>
  );
}

/** Sortable table of the overview: a sticky header, the names at the left, totals below. */
export function OverviewTable({
  overview,
  rows,
  sort,
  onSort,
  personPath,
}: {
  overview: Overview;
  rows: readonly OverviewRow[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  personPath: (row: OverviewRow) => string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const typeNames = new Map(
    overview.absenceTypes.map((type) => [type.id, lang === 'de' ? type.nameDe : type.nameEn]),
  );
  const header = (key: SortKey) => {
    const active = sort.key === key;
    const label =
      key === 'vacation'
        ? t('reports.columns.vacation', { year: overview.vacationYear })
        : t(`reports.columns.${key}`);
    return (
      <th
        key={key}
        className={key === 'name' ? classes.person : undefined}
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
        scope="col"
      >
        <button
          type="button"
          className={classes.sortButton}
          onClick={() => onSort(key)}
          data-testid={`sort-${key}`}
        >
          {label}
          <span aria-hidden="true" className={classes.arrow}>
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div
      className={classes.scroller}
      tabIndex={0}
      role="region"
      aria-label={t('reports.tableLabel')}
    >
      <table className={classes.table} data-testid="overview-table">
        <thead>
          <tr>{COLUMNS.map(header)}</tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.userId} data-testid="overview-row" data-name={row.name}>
              <th scope="row" className={classes.person}>
                <Link to={personPath(row)} className={classes.link}>
                  {row.name}
                </Link>
                {row.teamName && <span className={classes.sub}>{row.teamName}</span>}
              </th>
              <FigureCells figures={row} typeNames={typeNames} lang={lang} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="overview-totals">
            <td className={classes.person}>
              {t('reports.total', { count: overview.people.length })}
            </td>
            <FigureCells figures={overview.totals} typeNames={typeNames} lang={lang} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
