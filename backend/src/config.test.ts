import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, backendDir, loadConfig } from './config.js';

const STRONG = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4';
const prod = {
  APP_ENV: 'production',
  SECRET_KEY: STRONG,
  DATABASE_URL: 'postgresql://timemaster:pw@localhost:5432/timemaster_db',
  REDIS_URL: 'redis://localhost:6379/0',
  RESEND_API_KEY: 're_test_key',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config refuses unsafe production settings', () => {
  it.each([
    ['missing SECRET_KEY', { SECRET_KEY: undefined }, /SECRET_KEY is missing/],
    ['the placeholder key', { SECRET_KEY: 'change-me-in-production' }, /placeholder/],
    ['a short key', { SECRET_KEY: 'x'.repeat(31) }, /31 characters long, at least 32/],
    ['missing DATABASE_URL', { DATABASE_URL: undefined }, /DATABASE_URL is missing/],
    ['missing REDIS_URL', { REDIS_URL: undefined }, /REDIS_URL is missing/],
    ['no mail transport', { RESEND_API_KEY: undefined }, /RESEND_API_KEY or SMTP_URL is missing/],
    ['the file mail transport', { MAIL_TRANSPORT: 'file' }, /development only/],
    [
      'a non-postgres DATABASE_URL',
      { DATABASE_URL: 'mysql://x@y/z' },
      /must start with postgresql/,
    ],
  ])('%s', (_name, change, message) => {
    const problems = problemsOf({ ...prod, ...change });
    expect(problems.join('\n')).toMatch(message);
  });

  it('refuses an unknown APP_ENV in any mode', () => {
    expect(problemsOf({ ...prod, APP_ENV: 'staging' }).join()).toMatch(
      /APP_ENV must be "production" or "development" \(got "staging"\)/,
    );
  });

  it('refuses CALDAV_ALLOWED_CIDRS that are not CIDR ranges', () => {
    for (const bad of [
      '192.168.1.50',
      '192.168.1.0/33',
      'nextcloud.local/32',
      '10.0.0.0/8,foo',
      '0177.0.0.1/32',
      '127.1/32',
      '10.0.0.0/ 8',
      'fd00::/129',
    ]) {
      expect(problemsOf({ ...prod, CALDAV_ALLOWED_CIDRS: bad }).join(), bad).toMatch(
        /CALDAV_ALLOWED_CIDRS must be a comma-separated list of CIDR ranges/,
      );
    }
  });

  it('refuses a CALDAV_ALLOWED_CIDRS range with host bits set, naming both readings', () => {
    expect(problemsOf({ ...prod, CALDAV_ALLOWED_CIDRS: '192.168.1.50/24' }).join()).toMatch(
      /write 192\.168\.1\.0\/24 for the network or 192\.168\.1\.50\/32 for the single host/,
    );
  });

  it('refuses a mail transport without its settings, in any mode', () => {
    expect(problemsOf({ MAIL_TRANSPORT: 'resend' }).join()).toMatch(/needs RESEND_API_KEY/);
    expect(problemsOf({ MAIL_TRANSPORT: 'smtp' }).join()).toMatch(/needs SMTP_URL/);
    expect(problemsOf({ SMTP_URL: 'mail.example.com:587' }).join()).toMatch(/smtp:\/\//);
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.com:587' }).mailTransport).toBe('smtp');
  });

  it('refuses an upload folder inside the public frontend folder, in any mode', () => {
    for (const env of [prod, {}]) {
      expect(
        problemsOf({
          ...env,
          FRONTEND_DIST: '/srv/tm/dist',
          UPLOAD_DIR: '/srv/tm/dist/files',
        }).join(),
      ).toMatch(/UPLOAD_DIR \(\/srv\/tm\/dist\/files\) lies inside FRONTEND_DIST/);
      expect(
        problemsOf({ ...env, FRONTEND_DIST: '/srv/tm/dist', UPLOAD_DIR: '/srv/tm/dist' }),
      ).not.toEqual([]);
    }
    // A sibling whose name merely starts like the public folder is fine.
    expect(
      loadConfig({ FRONTEND_DIST: '/srv/tm/dist', UPLOAD_DIR: '/srv/tm/dist-uploads' }).uploadDir,
    ).toBe('/srv/tm/dist-uploads');
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ APP_ENV: 'production' })).toHaveLength(4);
  });

  it('accepts a 40-character random key with real URLs', () => {
    const config = loadConfig(prod);
    expect(config.mailTransport).toBe('resend');
    expect(config.isProduction).toBe(true);
    expect(config.webConcurrency).toBe(4);
    expect(config.docsEnabled).toBe(false);
    expect(config.serveFrontend).toBe(false);
  });
});

describe('config values', () => {
  it('reads the seed deployment URL form postgresql+asyncpg:// as postgresql://', () => {
    const config = loadConfig({
      ...prod,
      DATABASE_URL: 'postgresql+asyncpg://timemaster:secret@localhost:5432/timemaster_db',
    });
    expect(config.databaseUrl).toBe('postgresql://timemaster:secret@localhost:5432/timemaster_db');
  });

  it('has the seed defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      appName: 'TimeMaster',
      appEnv: 'development',
      host: '127.0.0.1',
      port: 8000,
      accessTokenExpireMinutes: 30,
      refreshTokenExpireDays: 30,
      webConcurrency: 1,
      docsEnabled: true,
      serveFrontend: true,
      databaseUrl: undefined,
    });
    // Uploads live with the other data of the backend, outside every served folder.
    expect(config.uploadDir).toBe(path.join(backendDir, 'data', 'uploads'));
  });

  it('runs one worker without Redis even when more are asked for', () => {
    expect(loadConfig({ WEB_CONCURRENCY: '4' }).webConcurrency).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '3', REDIS_URL: 'redis://h:6379' }).webConcurrency).toBe(
      3,
    );
  });

  it('takes a Redis key prefix only in a safe form', () => {
    expect(loadConfig({}).redisKeyPrefix).toBe('');
    expect(loadConfig({ REDIS_KEY_PREFIX: 'firma-a:' }).redisKeyPrefix).toBe('firma-a:');
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'mit leerzeichen' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('parses lists, numbers and switches', () => {
    const config = loadConfig({
      ...prod,
      ALLOWED_HOSTS: 'zeit.example.com, www.zeit.example.com',
      CALDAV_ALLOWED_CIDRS: '192.168.1.50/32,10.10.5.0/28,fd00::/8',
      ACCESS_TOKEN_EXPIRE_MINUTES: '15',
      DOCS_ENABLED: 'true',
    });
    expect(config.allowedHosts).toEqual(['zeit.example.com', 'www.zeit.example.com']);
    expect(config.caldavAllowedCidrs).toEqual(['192.168.1.50/32', '10.10.5.0/28', 'fd00::/8']);
    expect(config.accessTokenExpireMinutes).toBe(15);
    expect(config.docsEnabled).toBe(true);
  });

  it('rejects values out of range with the variable name', () => {
    expect(problemsOf({ PORT: '70000' }).join()).toMatch(/^PORT/);
    expect(problemsOf({ ACCESS_TOKEN_EXPIRE_MINUTES: 'soon' }).join()).toMatch(
      /^ACCESS_TOKEN_EXPIRE_MINUTES/,
    );
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.allowedHosts)).toBe(true);
  });
});
