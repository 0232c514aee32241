/**
 * The ordered list of migrations. Listed explicitly (not read from the folder) so the same list
 * works from TypeScript sources under tests and from the compiled dist/ in production.
 * Names are `NNNN_description`; the number is the version operators type (`downgrade 0001`).
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_audit_log.js';
import * as m0003 from './0003_email_outbox.js';
import * as m0004 from './0004_identity.js';
import * as m0005 from './0005_working_time.js';
import * as m0006 from './0006_reminders.js';
import * as m0007 from './0007_audit_entity_index.js';
import * as m0008 from './0008_time_data_versions.js';
import * as m0009 from './0009_absence_types.js';
import * as m0010 from './0010_absences.js';
import * as m0011 from './0011_caldav.js';
import * as m0012 from './0012_report_exports.js';
import * as m0013 from './0013_calendar_versions.js';
import * as m0014 from './0014_caldav_error_en.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_audit_log': m0002,
  '0003_email_outbox': m0003,
  '0004_identity': m0004,
  '0005_working_time': m0005,
  '0006_reminders': m0006,
  '0007_audit_entity_index': m0007,
  '0008_time_data_versions': m0008,
  '0009_absence_types': m0009,
  '0010_absences': m0010,
  '0011_caldav': m0011,
  '0012_report_exports': m0012,
  '0013_calendar_versions': m0013,
  '0014_caldav_error_en': m0014,
};
