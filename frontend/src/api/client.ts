import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The one typed HTTP client for the backend. Paths and bodies come from `schema.d.ts`, which
 * `npm run gen:api` generates from the backend's OpenAPI document, so client and server cannot
 * drift. URLs are relative: the Vite dev server (and nginx in production) forwards `/api/v1/*`
 * and `/health` to the backend on the same origin.
 */
export const client = createClient<paths>({ baseUrl: '' });

/** Prefix of every API route except `/health`. */
export const API_PREFIX = '/api/v1';
