import { BarChart, type BarChartProps } from '@mantine/charts';
import { useLang } from '../../../i18n/use-lang';
import { formatNumber } from '../../../lib/format';
import { legendInSeriesOrder } from './chart-helpers';

/**
 * A month-by-month bar chart with one stacked series per kind (absence types, severities), as
 * the statistics draw them: the legend in the series' order, numbers in the reader's language.
 */
export function StackedMonthBars({
  rows,
  series,
  wholeNumbers = false,
}: {
  /** One row per month: its label and a value per series name. */
  rows: BarChartProps['data'];
  series: { name: string; label?: string | undefined; color: string }[];
  /** Counts (findings): no ticks between whole numbers. */
  wholeNumbers?: boolean;
}) {
  const lang = useLang();
  return (
    <BarChart
      h={280}
      data={rows}
      dataKey="label"
      type="stacked"
      series={series}
      withLegend
      legendProps={legendInSeriesOrder(series.map((s) => s.name))}
      valueFormatter={(value) => formatNumber(value, lang)}
      yAxisProps={{ width: 48, ...(wholeNumbers ? { allowDecimals: false } : {}) }}
      accessibilityLayer={false}
    />
  );
}
