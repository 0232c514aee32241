import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatDays, formatMonth, formatNumber } from '../../../lib/format';
import {
  absenceRows,
  absenceSummary,
  absenceTotalsByType,
  type StatisticsData,
} from '../statistics-logic';
import { ChartSection } from './ChartSection';
import { rangeInWords, sentences, withMonthLabels } from './chart-helpers';
import { StackedMonthBars } from './StackedMonthBars';
import { StatisticsTable } from './StatisticsTable';

/** Working days of approved absences per month, stacked by type in the types' own colours. */
export function AbsenceChart({ data }: { data: StatisticsData }) {
  const { t } = useTranslation();
  const lang = useLang();
  const nameOf = new Map(
    data.absenceTypes.map((type) => [type.id, lang === 'de' ? type.nameDe : type.nameEn]),
  );
  const { total, peak } = absenceSummary(data);
  const byType = absenceTotalsByType(data)
    .map((x) => `${nameOf.get(x.typeId) ?? '?'} ${formatDays(x.days, lang)}`)
    .join(' · ');
  const summary = sentences(
    t('reports.statistics.absences.summary', {
      days: formatDays(total, lang),
      ...rangeInWords(data.months, lang),
    }),
    peak &&
      t('reports.statistics.absences.peak', {
        month: formatMonth(peak.month, lang),
        days: formatDays(peak.value, lang),
      }),
    byType && `(${byType})`,
  );
  const rows = withMonthLabels(absenceRows(data), lang);
  return (
    <ChartSection
      title={t('reports.statistics.absences.title')}
      summary={summary}
      empty={total === 0 ? t('reports.statistics.absences.empty') : null}
      testId="statistics-absences"
      chart={
        <StackedMonthBars
          rows={rows}
          series={data.absenceTypes.map((type) => ({
            name: type.id,
            label: nameOf.get(type.id),
            color: type.color,
          }))}
        />
      }
      table={
        <StatisticsTable
          caption={t('reports.statistics.absences.title')}
          columns={[
            t('reports.statistics.month'),
            ...data.absenceTypes.map((type) => nameOf.get(type.id)!),
            t('reports.statistics.sum'),
          ]}
          rows={data.months.map((m) => ({
            key: m.month,
            header: formatMonth(m.month, lang),
            cells: [
              ...data.absenceTypes.map((type) =>
                formatNumber(m.absences.find((a) => a.typeId === type.id)?.days ?? 0, lang),
              ),
              formatNumber(m.absenceDays, lang),
            ],
          }))}
          testId="statistics-absences-table"
        />
      }
    />
  );
}
