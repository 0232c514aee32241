/**
 * The only module that reads process.env. Everything the app can be configured with is declared
 * here, validated once at boot and handed around as a frozen, typed Config.
 * Values come from the process environment; `backend/.env` fills in what the environment lacks.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { cidrProblem } from './integrations/outbound/policy.js';

/** The backend package folder (works from src/ under vitest/tsx and from dist/ when built). */
export const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = path.resolve(backendDir, '..');

const WEAK_SECRETS = new Set(['change-me-in-production', 'changeme', 'secret']);
const DEV_SECRET = 'development-only-secret-key-never-use-in-production';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** Whether `child` is `parent` or lies below it (both absolute, resolved). */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Accepts the Python deployment's `postgresql+asyncpg://` form and hands pg a plain URL. */
function normaliseDatabaseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.replace(/^postgres(ql)?\+[a-z0-9]+:\/\//i, 'postgresql://');
}

const envSchema = z.object({
  /** Shown in the UI, mails and logs. */
  APP_NAME: z.string().min(1).default('TimeMaster'),
  /** `production` enforces safe settings; `development` allows the embedded database. */
  APP_ENV: z
    .enum(['production', 'development'], {
      error: (issue) =>
        `must be "production" or "development" (got ${JSON.stringify(issue.input)})`,
    })
    .default('development'),
  /** Signs tokens and derives encryption keys. ≥ 32 random characters in production. */
  SECRET_KEY: z.string().optional(),
  /** Public URL of the web app, used for links in mails and as the only CORS origin. */
  FRONTEND_URL: z.url({ error: 'must be a URL such as https://zeit.example.com' }).optional(),
  /** Host names the app answers to in production (Host header check). Comma-separated. */
  ALLOWED_HOSTS: commaList,
  /** postgresql://user:pass@host:5432/db (the old postgresql+asyncpg:// form is accepted). */
  DATABASE_URL: z.string().optional(),
  /** redis://host:6379/0 — required in production; optional in development. */
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key and channel, for installations sharing one Redis database. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{0,64}$/, 'must be up to 64 letters, digits or _ : . -')
    .default(''),
  ACCESS_TOKEN_EXPIRE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  REFRESH_TOKEN_EXPIRE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  RESEND_API_KEY: z.string().optional(),
  /** Where the Resend SDK sends its calls (tests point it at a local server). */
  RESEND_BASE_URL: z.url().optional(),
  /** smtp://user:pass@host:587 — alternative to Resend. */
  SMTP_URL: z.string().optional(),
  /** resend | smtp | file. Default: resend with RESEND_API_KEY, else smtp with SMTP_URL, else file. */
  MAIL_TRANSPORT: z.enum(['resend', 'smtp', 'file']).optional(),
  /** The file transport writes each mail as .eml and .json here (development). */
  MAIL_FILE_DIR: z.string().optional(),
  /**
   * Where uploaded documents (sick notes) are kept, under random names; default backend/data/uploads.
   * Never inside FRONTEND_DIST or any folder nginx serves: the files are only handed out through
   * the API, which checks access and audits every download. Back it up with the database.
   */
  UPLOAD_DIR: z.string().optional(),
  EMAIL_FROM: z.string().default('noreply@localhost'),
  EMAIL_FROM_NAME: z.string().default('TimeMaster'),
  FIRST_SUPERADMIN_EMAIL: z.string().optional(),
  FIRST_SUPERADMIN_PASSWORD: z.string().optional(),
  /** Internal networks CalDAV may reach despite the SSRF guard, e.g. 192.168.1.50/32. */
  CALDAV_ALLOWED_CIDRS: commaList.superRefine((list, ctx) => {
    for (const cidr of list) {
      const problem = cidrProblem(cidr);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of CIDR ranges such as 192.168.1.50/32: ${problem}`,
        });
    }
  }),
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  /** Address and port the HTTP workers listen on (nginx proxies to it). */
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  /** Number of HTTP worker processes (default 4 in production, 1 in development). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve Swagger UI at /docs and the spec at /openapi.json (default: on in development). */
  DOCS_ENABLED: bool(false).optional(),
  /** Serve the built SPA from FRONTEND_DIST (default: on in development; nginx does it in production). */
  SERVE_FRONTEND: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  FRONTEND_DIST: z.string().optional(),
  /** Run the background job runner in this installation (one per host is enough). */
  JOBS_ENABLED: bool(true),
  /** Where `npm start` keeps the embedded PostgreSQL when DATABASE_URL is unset. */
  EMBEDDED_PG_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type AppEnv = 'production' | 'development';

export interface Config {
  appName: string;
  appEnv: AppEnv;
  isProduction: boolean;
  secretKey: string;
  frontendUrl: string;
  allowedHosts: readonly string[];
  /** Undefined only in development, where the embedded PostgreSQL is started instead. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  accessTokenExpireMinutes: number;
  refreshTokenExpireDays: number;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailTransport: 'resend' | 'smtp' | 'file';
  mailFileDir: string;
  /** Absolute folder of uploaded documents (sick notes), outside every public folder. */
  uploadDir: string;
  trustedProxies: readonly string[];
  emailFrom: string;
  emailFromName: string;
  firstSuperadminEmail: string | undefined;
  firstSuperadminPassword: string | undefined;
  caldavAllowedCidrs: readonly string[];
  host: string;
  port: number;
  webConcurrency: number;
  logLevel: string;
  docsEnabled: boolean;
  serveFrontend: boolean;
  frontendDist: string;
  jobsEnabled: boolean;
  embeddedPgDir: string;
  embeddedPgPort: number;
}

/** Raised when the environment cannot give a safe, working configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses and checks an environment; pure, so tests can feed it any set of variables. */
export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'} ${issue.message}`),
    );
  }
  const e = parsed.data;
  const isProduction = e.APP_ENV === 'production';
  const problems: string[] = [];

  const secret = e.SECRET_KEY?.trim();
  if (isProduction) {
    if (!secret) problems.push('SECRET_KEY is missing (generate one: openssl rand -hex 32)');
    else if (WEAK_SECRETS.has(secret))
      problems.push(
        `SECRET_KEY is the placeholder "${secret}" (generate one: openssl rand -hex 32)`,
      );
    else if (secret.length < 32)
      problems.push(`SECRET_KEY is ${secret.length} characters long, at least 32 are required`);
    if (!e.DATABASE_URL) problems.push('DATABASE_URL is missing');
    if (!e.REDIS_URL) problems.push('REDIS_URL is missing');
    if (!e.RESEND_API_KEY && !e.SMTP_URL) {
      problems.push(
        'RESEND_API_KEY or SMTP_URL is missing (invitations and password resets need mail)',
      );
    }
    if (e.MAIL_TRANSPORT === 'file') problems.push('MAIL_TRANSPORT=file is for development only');
  }
  if (e.MAIL_TRANSPORT === 'resend' && !e.RESEND_API_KEY) {
    problems.push('MAIL_TRANSPORT=resend needs RESEND_API_KEY');
  }
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_URL)
    problems.push('MAIL_TRANSPORT=smtp needs SMTP_URL');
  if (e.SMTP_URL && !/^smtps?:\/\//.test(e.SMTP_URL)) {
    problems.push('SMTP_URL must start with smtp:// or smtps://');
  }
  const databaseUrl = normaliseDatabaseUrl(e.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgresql://');
  }
  if (e.REDIS_URL && !/^rediss?:\/\//.test(e.REDIS_URL)) {
    problems.push('REDIS_URL must start with redis:// or rediss://');
  }
  const frontendDist = path.resolve(repoDir, e.FRONTEND_DIST ?? 'frontend/dist');
  const uploadDir = path.resolve(backendDir, e.UPLOAD_DIR ?? 'data/uploads');
  if (isInside(uploadDir, frontendDist)) {
    problems.push(
      `UPLOAD_DIR (${uploadDir}) lies inside FRONTEND_DIST (${frontendDist}), which is served publicly; choose a folder outside it, e.g. backend/data/uploads`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const port = e.PORT;
  const frontendUrl = (e.FRONTEND_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const serveFrontend =
    e.SERVE_FRONTEND === undefined
      ? !isProduction
      : ['true', '1', 'yes'].includes(e.SERVE_FRONTEND);

  return Object.freeze({
    appName: e.APP_NAME,
    appEnv: e.APP_ENV,
    isProduction,
    secretKey: secret || DEV_SECRET,
    frontendUrl,
    allowedHosts: Object.freeze(
      e.ALLOWED_HOSTS.length > 0 ? e.ALLOWED_HOSTS : ['localhost', '127.0.0.1'],
    ),
    databaseUrl,
    // Without REDIS_URL in development the app falls back to in-process state (one worker).
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    accessTokenExpireMinutes: e.ACCESS_TOKEN_EXPIRE_MINUTES,
    refreshTokenExpireDays: e.REFRESH_TOKEN_EXPIRE_DAYS,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    smtpUrl: e.SMTP_URL,
    mailTransport: e.MAIL_TRANSPORT ?? (e.RESEND_API_KEY ? 'resend' : e.SMTP_URL ? 'smtp' : 'file'),
    mailFileDir: path.resolve(backendDir, e.MAIL_FILE_DIR ?? 'data/mail'),
    uploadDir,
    trustedProxies: Object.freeze(
      e.TRUSTED_PROXIES.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    emailFrom: e.EMAIL_FROM,
    emailFromName: e.EMAIL_FROM_NAME,
    firstSuperadminEmail: e.FIRST_SUPERADMIN_EMAIL,
    firstSuperadminPassword: e.FIRST_SUPERADMIN_PASSWORD,
    caldavAllowedCidrs: Object.freeze(e.CALDAV_ALLOWED_CIDRS),
    host: e.HOST,
    port,
    webConcurrency: e.REDIS_URL ? (e.WEB_CONCURRENCY ?? (isProduction ? 4 : 1)) : 1,
    logLevel: e.LOG_LEVEL,
    docsEnabled: e.DOCS_ENABLED ?? !isProduction,
    serveFrontend,
    frontendDist,
    jobsEnabled: e.JOBS_ENABLED,
    embeddedPgDir: path.resolve(backendDir, e.EMBEDDED_PG_DIR ?? 'data/postgres'),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
  });
}

/** The variables of `backend/.env` (if present) under those of the process environment. */
export function readEnvironment(envFile = path.join(backendDir, '.env')): Env {
  const fromFile = existsSync(envFile) ? parseDotenv(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}

/** Config of this process: `backend/.env` plus the environment. */
export function configFromEnvironment(): Config {
  return loadConfig(readEnvironment());
}

/** The environment for a child process, with overrides (e.g. the embedded database's URL). */
export function childEnvironment(overrides: Env = {}): Env {
  return { ...process.env, ...overrides };
}
