import type { Middleware } from 'openapi-fetch';

/**
 * Endpoints that must never trigger a refresh-and-retry: they either are the refresh itself,
 * answer 401 for other reasons (wrong password), or work without a session.
 */
const NO_RETRY_PATHS = [
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/password-reset/request',
  '/api/v1/auth/password-reset/confirm',
  '/api/v1/invitations/preview',
  '/api/v1/invitations/accept',
];

export interface AuthMiddlewareDeps {
  /** The access token held in memory, or null when signed out. */
  getAccessToken: () => string | null;
  /**
   * Gets a new access token with the refresh cookie; resolves true when there is one. Must be
   * single-flight (see singleFlight): concurrent 401s then share one refresh.
   */
  refresh: () => Promise<boolean>;
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get('authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

async function errorCodeOf(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

/**
 * openapi-fetch middleware: sends the access token as `Authorization: Bearer …` with every API
 * request, and when the API answers 401 UNAUTHENTICATED (token expired or cut off), refreshes the
 * session once and repeats the request with the new token. A request that fails again is handed
 * back as it is: no loops.
 */
export function createAuthMiddleware(deps: AuthMiddlewareDeps): Middleware {
  // A copy of each request taken before fetch consumes its body, for the one retry.
  const retryCopies = new Map<string, Request>();

  return {
    onRequest({ request, schemaPath, id }) {
      if (!schemaPath.startsWith('/api/')) return undefined;
      const token = deps.getAccessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      // Only requests that carried a token can be rescued by a refresh.
      if (token && !NO_RETRY_PATHS.includes(schemaPath)) retryCopies.set(id, request.clone());
      return request;
    },

    async onResponse({ request, response, id, options }) {
      const copy = retryCopies.get(id);
      retryCopies.delete(id);
      if (!copy || response.status !== 401) return undefined;
      if ((await errorCodeOf(response)) !== 'UNAUTHENTICATED') return undefined;

      // If another request has refreshed meanwhile, the new token is already here: use it.
      let token = deps.getAccessToken();
      if (!token || token === bearerOf(request)) {
        if (!(await deps.refresh())) return undefined;
        token = deps.getAccessToken();
        if (!token) return undefined;
      }
      const headers = new Headers(copy.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return options.fetch(new Request(copy, { headers }));
    },

    onError({ id }) {
      retryCopies.delete(id);
      return undefined;
    },
  };
}
