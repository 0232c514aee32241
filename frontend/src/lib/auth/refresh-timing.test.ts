import { describe, expect, it } from 'vitest';
import { MIN_REFRESH_DELAY_MS, refreshDelayMs } from './refresh-timing';

describe('refreshDelayMs', () => {
  it('refreshes a minute before a long-lived token expires', () => {
    expect(refreshDelayMs(15 * 60)).toBe(14 * 60 * 1000);
    expect(refreshDelayMs(60 * 60)).toBe(59 * 60 * 1000);
  });

  it('keeps a fifth of the lifetime in reserve for short-lived tokens', () => {
    expect(refreshDelayMs(60)).toBe(48_000);
    expect(refreshDelayMs(100)).toBe(80_000);
  });

  it('never schedules faster than the minimum', () => {
    expect(refreshDelayMs(2)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(0)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(-5)).toBe(MIN_REFRESH_DELAY_MS);
  });
});
