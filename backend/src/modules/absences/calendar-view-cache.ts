/**
 * Team calendar months, remembered per worker process under the company's calendar version
 * (migration 0013: triggers raise it whenever an absence, a type's name, colour or visibility,
 * a closure day, the company's zone or holiday region, a person's name, team, status or
 * employment dates, a team or a team's managers change – whoever writes, also past the app).
 *
 * Every request still waits for a read of the version (a lookup by primary key) that began after
 * it arrived, so an answer is never older than the last committed change, whichever worker or
 * process made it; requests of one company share reads (db/version-reads.ts). The version is
 * read before the inputs, so what is stored under it is always at least as new as the version.
 *
 * Two levels, like the sheets' value and JSON (time/sheet-cache.ts): a month's inputs (people,
 * absences, days, the teams' managers: what every viewer's answer is made of), and finished
 * answers as bytes, one per visibility class of viewers (calendar-view.ts says who shares one)
 * and day, bounded by their total size. A hit is the version lookup and sending those bytes.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/index.js';
import { VersionReads } from '../../db/version-reads.js';

/** A Map kept in least-recently-used order, evicting beyond a total cost. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly maxCost: number,
    private readonly costOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Least recently used goes first: re-insert on use.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.total += this.costOf(value);
    for (const [oldest, old] of this.entries) {
      if (this.total <= this.maxCost || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= this.costOf(old);
    }
  }

  /** Drops `key`, only if it still holds `value` when one is given. */
  delete(key: string, value?: V): void {
    const known = this.entries.get(key);
    if (known === undefined || (value !== undefined && known !== value)) return;
    this.entries.delete(key);
    this.total -= this.costOf(known);
  }
}

interface Month {
  version: string;
  /** Shared by the requests that arrive while it is computed. */
  inputs: Promise<unknown>;
}

interface Answer {
  version: string;
  today: string;
  body: Buffer;
}

export class CalendarCache {
  private readonly months: Lru<Month>;
  private readonly answers: Lru<Answer>;
  /** Companies whose version is being read. */
  private readonly reads = new Map<string, VersionReads>();

  /** `months`: how many months' inputs; `answerBytes`: total size of the finished answers. */
  constructor(months = 200, answerBytes = 32 * 1024 * 1024) {
    this.months = new Lru(months, () => 1);
    this.answers = new Lru(answerBytes, (a) => a.body.length);
  }

  /** The company's calendar version (0 before its first change), read after this call. */
  versionOf(db: Db, tenantId: string): Promise<string> {
    let reads = this.reads.get(tenantId);
    if (!reads) {
      // Compiled once per company: building the query cost as much as running it.
      const query = CompiledQuery.raw(
        'SELECT version FROM calendar_versions WHERE tenant_id = $1',
        [tenantId],
      );
      reads = new VersionReads(
        async () => {
          const { rows } = await db.executeQuery<{ version: string }>(query);
          return new Map([[tenantId, rows[0]?.version ?? '0']]);
        },
        () => this.reads.delete(tenantId),
      );
      this.reads.set(tenantId, reads);
    }
    return reads.next(tenantId);
  }

  /** The remembered inputs for `key` at `version`, or the computed ones (then remembered). */
  inputs<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const known = this.months.get(key);
    if (known && known.version === version) return known.inputs as Promise<T>;
    const month: Month = { version, inputs: compute() };
    this.months.set(key, month);
    // A failed computation is not remembered: the next request tries again.
    month.inputs.catch(() => this.months.delete(key, month));
    return month.inputs as Promise<T>;
  }

  /** The remembered answer for `key` at `version` on `today`, or the rendered one. */
  answer(key: string, version: string, today: string, render: () => string): Buffer {
    const known = this.answers.get(key);
    if (known && known.version === version && known.today === today) return known.body;
    const body = Buffer.from(render());
    this.answers.set(key, { version, today, body });
    return body;
  }
}
