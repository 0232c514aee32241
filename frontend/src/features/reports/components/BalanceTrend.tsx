import { LineChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { MINUS, formatBalance, formatDate, formatMonth, formatNumber } from '../../../lib/format';
import { balancePoints, latestBalance, type StatisticsData } from '../statistics-logic';
import { ChartSection } from './ChartSection';
import { legendInSeriesOrder, sentences, withMonthLabels } from './chart-helpers';
import { StatisticsTable } from './StatisticsTable';

const hoursAsBalance = (hours: number) => formatBalance(hours * 60);

/**
 * Gleitzeit balance at each month's end: the average per person of the selection (comparable
 * while people join and leave) and, when chosen, one person's line, dashed (colour is never the
 * only difference). The sum stands in the sentence and the table. With `own` (an employee's own
 * statistics) `person` is the signed-in person and theirs is the only line: an average of one,
 * a sum and a head count would say nothing more.
 */
export function BalanceTrend({
  data,
  person,
  own = false,
}: {
  data: StatisticsData;
  person: { userId: string; name: string } | null;
  own?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const personId = person?.userId ?? null;
  const points = withMonthLabels(balancePoints(data, personId), lang);
  const latest = latestBalance(data, personId);
  const ownBalances = data.people.find((p) => p.userId === personId)?.balances ?? [];
  const personCell = (i: number) => {
    const minutes = ownBalances[i];
    return minutes === null || minutes === undefined ? '–' : formatBalance(minutes);
  };
  // Axis ticks in whole hours ("−110 h"); the tooltip and the table keep the minutes.
  const axisHours = (hours: number) => {
    const whole = Math.round(hours);
    const sign = whole > 0 ? '+' : whole < 0 ? MINUS : '';
    return `${sign}${formatNumber(Math.abs(whole), lang)} h`;
  };
  const averageLabel = t('reports.statistics.balance.average');
  const ownLabel = t('reports.statistics.own.balance');
  const summary = !latest
    ? null
    : own
      ? latest.personMinutes !== null &&
        t('reports.statistics.own.summary', {
          date: formatDate(latest.asOf, lang),
          balance: formatBalance(latest.personMinutes),
        })
      : sentences(
          t('reports.statistics.balance.summary', {
            date: formatDate(latest.asOf, lang),
            average: formatBalance(latest.averageMinutes),
            total: formatBalance(latest.totalMinutes),
            count: latest.people,
          }),
          person &&
            latest.personMinutes !== null &&
            t('reports.statistics.balance.person', {
              name: person.name,
              balance: formatBalance(latest.personMinutes),
            }),
        );
  const series = own
    ? [{ name: 'person', label: ownLabel, color: 'brand.7' }]
    : [
        { name: 'average', label: averageLabel, color: 'brand.7' },
        ...(person
          ? [{ name: 'person', label: person.name, color: 'orange.7', strokeDasharray: '6 4' }]
          : []),
      ];
  return (
    <ChartSection
      title={t('reports.statistics.balance.title')}
      summary={summary}
      empty={latest === null ? t('reports.statistics.balance.empty') : null}
      testId="statistics-balance"
      chart={
        <LineChart
          h={280}
          data={points}
          dataKey="label"
          series={series}
          withLegend
          legendProps={legendInSeriesOrder(series.map((s) => s.name))}
          connectNulls={false}
          curveType="linear"
          valueFormatter={hoursAsBalance}
          yAxisProps={{ width: 72, tickFormatter: axisHours }}
          referenceLines={[{ y: 0, color: 'gray.6' }]}
          accessibilityLayer={false}
        />
      }
      table={
        <StatisticsTable
          caption={t('reports.statistics.balance.title')}
          columns={
            own
              ? [t('reports.statistics.month'), ownLabel]
              : [
                  t('reports.statistics.month'),
                  averageLabel,
                  t('reports.statistics.balance.total'),
                  t('reports.statistics.balance.people'),
                  ...(person ? [person.name] : []),
                ]
          }
          rows={data.months.map((m, i) => ({
            key: m.month,
            header: formatMonth(m.month, lang),
            cells: own
              ? [personCell(i)]
              : [
                  m.balance ? formatBalance(m.balance.averageMinutes) : '–',
                  m.balance ? formatBalance(m.balance.totalMinutes) : '–',
                  m.balance ? m.people : '–',
                  ...(person ? [personCell(i)] : []),
                ],
          }))}
          testId="statistics-balance-table"
        />
      }
    />
  );
}
