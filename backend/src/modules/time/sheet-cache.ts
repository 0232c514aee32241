/**
 * Computed timesheets, remembered per worker process under the version numbers the database
 * keeps for their inputs (migration 0008: triggers raise a person's number when their entries,
 * adjustments, locks, schedules or start change, and the company's number when its default
 * schedule, closure days, zone or region change).
 *
 * Every request still waits for a read of the two numbers that began after it arrived, so an
 * answer is never older than the last committed change — whichever worker or script made it;
 * the requests of one company share reads (db/version-reads.ts: one query for everyone who
 * asked meanwhile). The numbers are read before the inputs, so a result is always at least as
 * new as the numbers it is stored under. A sheet's JSON is kept as the bytes sent.
 * Sheets that depend on the clock (today is in them, or an entry is running) are kept for the
 * minute they were computed in, the precision every duration has (domain/time.ts).
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/index.js';
import { VersionReads } from '../../db/version-reads.js';
import { asciiJson } from '../../server/ascii-json.js';

const COMPANY = '00000000-0000-0000-0000-000000000000';
const MINUTE_MS = 60_000;

/** A computed value and, made once when first asked for, its JSON as the bytes sent. */
export interface Computed<T> {
  value: T;
  json(): Buffer;
}

interface Remembered {
  value: Computed<unknown>;
  /** The minute the value is valid for, or null when it does not depend on the clock. */
  minute: number | null;
}

export class SheetCache {
  private readonly entries = new Map<string, Remembered>();
  /** Companies whose people's versions are being read. */
  private readonly reads = new Map<string, VersionReads>();

  constructor(private readonly capacity = 500) {}

  /**
   * The versions of a person's and their company's timesheet inputs, as one key part, read
   * after this call together with those of the company's other people asked for meanwhile.
   */
  versionOf(db: Db, tenantId: string, userId: string): Promise<string> {
    let reads = this.reads.get(tenantId);
    if (!reads) {
      reads = new VersionReads(
        (userIds) => this.versionsOf(db, tenantId, userIds),
        () => this.reads.delete(tenantId),
      );
      this.reads.set(tenantId, reads);
    }
    return reads.next(userId);
  }

  /** The same for several people of one company, in one query (read now). */
  async versionsOf(
    db: Db,
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, string>> {
    // Compiled by hand: building the query with Kysely cost as much as running it.
    const { rows } = await db.executeQuery<{ user_id: string; version: string }>(
      CompiledQuery.raw(
        'SELECT user_id, version FROM time_data_versions' +
          ' WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])',
        [tenantId, [...userIds, COMPANY]],
      ),
    );
    return keyParts(rows, userIds);
  }

  /**
   * The remembered value for `key` at `version`, or the computed one (then remembered).
   * `compute` says whether its value depends on the clock.
   */
  async get<T>(
    key: string,
    version: string,
    now: Date,
    compute: () => Promise<{ value: T; live: boolean }>,
  ): Promise<Computed<T>> {
    const fullKey = `${key}@${version}`;
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    const known = this.entries.get(fullKey);
    if (known && (known.minute === null || known.minute === minute)) {
      // Least recently used goes first: re-insert on use.
      this.entries.delete(fullKey);
      this.entries.set(fullKey, known);
      return known.value as Computed<T>;
    }
    const { value, live } = await compute();
    let json: Buffer | undefined;
    const computed: Computed<T> = {
      value,
      json: () => (json ??= Buffer.from(asciiJson(JSON.stringify(value)))),
    };
    this.entries.delete(fullKey);
    this.entries.set(fullKey, { value: computed, minute: live ? minute : null });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return computed;
  }
}

/** Each person's key part: their version and the company's (no row yet: 0). */
function keyParts(
  rows: readonly { user_id: string; version: string }[],
  userIds: readonly string[],
): Map<string, string> {
  const of = new Map(rows.map((r) => [r.user_id, r.version]));
  const company = of.get(COMPANY) ?? '0';
  return new Map(userIds.map((id) => [id, `${of.get(id) ?? '0'}.${company}`]));
}
