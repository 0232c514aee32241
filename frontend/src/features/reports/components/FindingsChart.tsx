import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatMonth, formatNumber } from '../../../lib/format';
import { SEVERITIES } from '../../../lib/severity';
import { findingsRows, findingsSummary, type StatisticsData } from '../statistics-logic';
import { ChartSection } from './ChartSection';
import { rangeInWords, sentences, withMonthLabels } from './chart-helpers';
import { StackedMonthBars } from './StackedMonthBars';
import { StatisticsTable } from './StatisticsTable';

/** ArbZG findings per month, stacked by severity in the app's severity colours. */
export function FindingsChart({ data }: { data: StatisticsData }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { total, violation, peak } = findingsSummary(data);
  const summary = sentences(
    t('reports.statistics.findings.summary', {
      count: total,
      formatted: formatNumber(total, lang),
      violations: t('findings.count.violation', { count: violation }),
      ...rangeInWords(data.months, lang),
    }),
    peak &&
      t('reports.statistics.findings.peak', {
        month: formatMonth(peak.month, lang),
        n: formatNumber(peak.value, lang),
      }),
  );
  const rows = withMonthLabels(findingsRows(data), lang);
  const severityLabel = (severity: (typeof SEVERITIES)[number]) =>
    t(`reports.statistics.findings.${severity}`);
  return (
    <ChartSection
      title={t('reports.statistics.findings.title')}
      summary={summary}
      empty={total === 0 ? t('reports.statistics.findings.empty') : null}
      testId="statistics-findings"
      chart={
        <StackedMonthBars
          rows={rows}
          series={SEVERITIES.map((severity) => ({
            name: severity,
            label: severityLabel(severity),
            color: `var(--tm-severity-${severity})`,
          }))}
          wholeNumbers
        />
      }
      table={
        <StatisticsTable
          caption={t('reports.statistics.findings.title')}
          columns={[
            t('reports.statistics.month'),
            ...SEVERITIES.map(severityLabel),
            t('reports.statistics.sum'),
          ]}
          rows={rows.map((row) => ({
            key: row.month,
            header: formatMonth(row.month, lang),
            cells: [
              ...SEVERITIES.map((s) => formatNumber(row[s], lang)),
              formatNumber(row.total, lang),
            ],
          }))}
          testId="statistics-findings-table"
        />
      }
    />
  );
}
