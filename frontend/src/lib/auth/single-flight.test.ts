import { describe, expect, it, vi } from 'vitest';
import { singleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight', () => {
  it('runs the task once for concurrent callers and gives all of them its result', async () => {
    const gate = deferred<string>();
    const task = vi.fn(() => gate.promise);
    const run = singleFlight(task);
    const calls = [run(), run(), run()];
    gate.resolve('token-2');
    expect(await Promise.all(calls)).toEqual(['token-2', 'token-2', 'token-2']);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('starts a new run once the previous one has settled', async () => {
    let n = 0;
    const run = singleFlight(async () => ++n);
    expect(await run()).toBe(1);
    expect(await run()).toBe(2);
  });

  it('shares a failure with every waiting caller and recovers afterwards', async () => {
    const gate = deferred<number>();
    const task = vi.fn(() => gate.promise);
    const run = singleFlight(task);
    const a = run();
    const b = run();
    gate.reject(new Error('offline'));
    await expect(a).rejects.toThrow('offline');
    await expect(b).rejects.toThrow('offline');
    task.mockResolvedValueOnce(7);
    expect(await run()).toBe(7);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const run = singleFlight<number>(() => {
      throw new Error('boom');
    });
    await expect(run()).rejects.toThrow('boom');
  });
});
