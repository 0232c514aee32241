import { describe, expect, it } from 'vitest';
import { VersionReads } from './version-reads.js';

describe('VersionReads', () => {
  /** A read that answers when told to, recording the keys each read asked for. */
  const controlled = () => {
    const pending: { keys: string[]; answer: (versions: Record<string, string>) => void }[] = [];
    let idle = 0;
    const reads = new VersionReads(
      (keys) =>
        new Promise<Map<string, string>>((resolve) =>
          pending.push({ keys, answer: (v) => resolve(new Map(Object.entries(v))) }),
        ),
      () => idle++,
    );
    return { reads, pending, idleCount: () => idle };
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('share one read among who asks together, and never a read sent before they asked', async () => {
    const { reads, pending, idleCount } = controlled();
    const first = [reads.next('a'), reads.next('a'), reads.next('a')];
    await tick();
    expect(pending).toHaveLength(1);
    // Asked while that read is on its way: it may have seen the database before this call.
    const later = reads.next('a');
    let laterVersion: string | undefined;
    void later.then((v) => (laterVersion = v));
    pending[0]!.answer({ a: '1' });
    expect(await Promise.all(first)).toEqual(['1', '1', '1']);
    await tick();
    expect(laterVersion).toBeUndefined();
    expect(pending).toHaveLength(2);
    pending[1]!.answer({ a: '2' });
    expect(await later).toBe('2');
    await tick();
    expect(idleCount()).toBe(1);
  });

  it('ask for the keys of everyone waiting at once, each once; a missing key is version 0', async () => {
    const { reads, pending } = controlled();
    const asked = [reads.next('anna'), reads.next('ben'), reads.next('anna'), reads.next('cem')];
    await tick();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.keys).toEqual(['anna', 'ben', 'cem']);
    pending[0]!.answer({ anna: '3', ben: '5' });
    expect(await Promise.all(asked)).toEqual(['3', '5', '3', '0']);
  });

  it('pass a failed read to who waited for it, and read afresh for the next', async () => {
    let sent = 0;
    const reads = new VersionReads(
      () =>
        ++sent === 1
          ? Promise.reject(new Error('connection lost'))
          : Promise.resolve(new Map([['a', '7']])),
      () => {},
    );
    const failed = [reads.next('a'), reads.next('a')];
    for (const read of failed) await expect(read).rejects.toThrow('connection lost');
    expect(await reads.next('a')).toBe('7');
    expect(sent).toBe(2);
  });
});
