import { describe, expect, it } from 'vitest';
import { carryOverDayProblem } from './AbsenceSettings';

describe('carryOverDayProblem', () => {
  it('refuses 29 February with its own reason and days a month does not have', () => {
    expect(carryOverDayProblem(3, 31)).toBeNull();
    expect(carryOverDayProblem(2, 28)).toBeNull();
    expect(carryOverDayProblem(2, 29)).toBe('feb29');
    expect(carryOverDayProblem(4, 31)).toBe('invalid');
    expect(carryOverDayProblem(1, '')).toBe('invalid');
    expect(carryOverDayProblem(1, 0)).toBe('invalid');
  });
});
