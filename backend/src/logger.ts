/** pino settings: JSON lines with UTC timestamps, secrets redacted wherever they might appear. */
import type { LoggerOptions } from 'pino';
import { stdTimeFunctions } from 'pino';

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  'password',
  'token',
  'secretKey',
  'databaseUrl',
  'redisUrl',
];

export function loggerOptions(level: string, base: Record<string, unknown> = {}): LoggerOptions {
  return {
    level,
    base: { pid: process.pid, ...base },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}
