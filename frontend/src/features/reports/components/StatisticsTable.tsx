import type { ReactNode } from 'react';
import { TABULAR_NUMS } from '../../../components/Num';
import classes from './statistics.module.css';

/**
 * A chart's figures as a table: one row per month (the row's header), one column per series.
 * Plain table elements: the same table serves screen readers under the chart and everyone
 * behind "Als Tabelle".
 */
export function StatisticsTable({
  caption,
  columns,
  rows,
  testId,
}: {
  caption: string;
  /** Headers: the month column first. */
  columns: string[];
  rows: { key: string; header: string; cells: ReactNode[] }[];
  testId: string;
}) {
  return (
    <table className={classes.table} data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.header}</th>
            {row.cells.map((cell, i) => (
              <td key={i} className={TABULAR_NUMS}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
