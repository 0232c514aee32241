import { createDb } from '/work/main/backend/dist/db/index.js';
import { upgrade } from '/work/main/backend/dist/db/migrator.js';
import { seedDemo } from '/work/main/backend/dist/demo/seed.js';
import { monthTimesheet } from '/work/main/backend/dist/modules/time/timesheet.js';
import pg from 'pg';
const name = 'tm_prof_month';
const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
const fresh = process.argv[2] === 'fresh';
if (fresh) { await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.query(`CREATE DATABASE ${name}`); }
const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
const db = createDb(url, { max: 5 });
if (fresh) { await upgrade(db, url, 'head'); await seedDemo(db, { employees: 20, months: 12 }); }
const user = await db.selectFrom('users').select(['id', 'tenant_id', 'role']).where('role', '=', 'employee').executeTakeFirstOrThrow();
const deps = { db, clock: () => new Date() };
const actor = { userId: user.id, tenantId: user.tenant_id, role: 'employee' };
const month = new Date().toISOString().slice(0, 7);
for (let i = 0; i < 20; i++) await monthTimesheet(deps, actor, user.id, month);
const n = 100; const t0 = performance.now();
for (let i = 0; i < n; i++) await monthTimesheet(deps, actor, user.id, month);
console.log('ms per month view', ((performance.now() - t0) / n).toFixed(2));
await db.destroy(); await admin.end();
