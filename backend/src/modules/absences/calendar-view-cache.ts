/**
 * The team calendar's inputs of a month (people, absences with their types, days), remembered
 * per worker process under a fingerprint of everything they are read from, like the timesheets
 * (time/sheet-cache.ts). Every request still reads the fingerprint (one small query), so an
 * answer is never older than the last committed change, whichever worker made it:
 * - absences, closure days and the company's region raise the version numbers of migrations
 *   0008/0010 (time entries do too: they only cost a recomputation);
 * - people's names, teams and status raise users.updated_at, types' names, colours and
 *   visibility absence_types.updated_at; deleting a team changes the count of teams.
 * What a viewer may see is applied per request on top (calendar-view.ts), never cached.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

export class CalendarCache {
  private readonly entries = new Map<string, { fingerprint: string; value: unknown }>();

  constructor(private readonly capacity = 200) {}

  /** One query: the state of every input of a company's calendar. */
  async fingerprintOf(db: Db, tenantId: string): Promise<string> {
    const { rows } = await sql<{ f: string }>`
      SELECT concat_ws('|',
        (SELECT sum(version) FROM time_data_versions WHERE tenant_id = ${tenantId}),
        (SELECT count(*) FROM time_data_versions WHERE tenant_id = ${tenantId}),
        (SELECT max(updated_at) FROM users WHERE tenant_id = ${tenantId}),
        (SELECT count(*) FROM users WHERE tenant_id = ${tenantId}),
        (SELECT max(updated_at) FROM absence_types WHERE tenant_id = ${tenantId}),
        (SELECT count(*) FROM teams WHERE tenant_id = ${tenantId})
      ) AS f`.execute(db);
    return rows[0]!.f;
  }

  /** The remembered value for `key` at `fingerprint`, or the computed one (then remembered). */
  async get<T>(key: string, fingerprint: string, compute: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known && known.fingerprint === fingerprint) {
      // Least recently used goes first: re-insert on use.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value as T;
    }
    const value = await compute();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, value });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
