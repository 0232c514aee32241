import { describe, expect, it } from 'vitest';
import { PATHS } from '../../lib/navigation';
import { ownFiguresOnly, reportViewsFor } from './views';

const paths = (role: Parameters<typeof reportViewsFor>[0]) => reportViewsFor(role).map((v) => v.to);

describe('report views', () => {
  it('lets admins and managers switch between the overview and the statistics', () => {
    for (const role of ['admin', 'manager'] as const) {
      expect(paths(role), role).toEqual([PATHS.reports, PATHS.reportStatistics]);
      expect(ownFiguresOnly(role), role).toBe(false);
    }
  });

  it('gives an employee only the statistics of their own figures: nothing to switch to', () => {
    expect(paths('employee')).toEqual([PATHS.reportStatistics]);
    expect(ownFiguresOnly('employee')).toBe(true);
  });
});
