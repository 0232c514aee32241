/**
 * Keeps the live presence stream open: `GET /presence/stream` read with fetch (EventSource
 * cannot send the Authorization header), parsed with the SSE parser. The server ends the stream
 * when the access token expires: then it reconnects at once with the token the session has
 * refreshed meanwhile (or refreshes it itself on 401). Network errors and server failures back
 * off (1 s … 30 s); a refusal (403) stops. Every state is reported, so the screen never fails
 * silently.
 */
import { apiErrorFrom } from '../../lib/api-error';
import { createSseParser } from './sse-parser';
import { parsePresenceEvent, reconnectDelayMs, type PresenceEvent } from './presence-state';

export const PRESENCE_STREAM_URL = '/api/v1/presence/stream';
/** The server sends a heartbeat every 25 s; this much silence means the line is dead. */
export const SILENCE_LIMIT_MS = 60_000;
/** A stream that ends sooner than this without a snapshot counts as a failure (no hot loop). */
const MIN_HEALTHY_MS = 5_000;

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; retryAt: number; failures: number }
  | { kind: 'failed'; error: unknown }
  | { kind: 'signedOut' };

export interface PresenceConnectionDeps {
  fetch: typeof fetch;
  getAccessToken: () => string | null;
  /** Single-flight refresh of the session (lib/auth); true when a new token is there. */
  refreshSession: () => Promise<boolean>;
  now?: () => number;
  random?: () => number;
  setTimeout?: typeof setTimeout;
  clearTimeout?: typeof clearTimeout;
}

export interface PresenceConnectionHandlers {
  onEvent: (event: PresenceEvent) => void;
  /** Anything arrived (event or heartbeat): the data shown is current as of this instant. */
  onAlive: (at: number) => void;
  onState: (state: ConnectionState) => void;
}

type Outcome =
  | { kind: 'ended'; healthy: boolean }
  | { kind: 'retry' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'signedOut' };

export interface PresenceConnection {
  /** Skips a running back-off wait (the "Jetzt verbinden" button, the browser coming online). */
  reconnectNow: () => void;
  close: () => void;
}

export function connectPresence(
  handlers: PresenceConnectionHandlers,
  deps: PresenceConnectionDeps,
): PresenceConnection {
  const now = deps.now ?? Date.now;
  const later = deps.setTimeout ?? setTimeout;
  const cancel = deps.clearTimeout ?? clearTimeout;
  let closed = false;
  let controller: AbortController | null = null;
  let wakeUp: (() => void) | null = null;

  /** One connection, from the request to the end of the stream. */
  async function connectOnce(): Promise<Outcome> {
    let token = deps.getAccessToken();
    if (!token) {
      if (!(await deps.refreshSession())) return { kind: 'signedOut' };
      token = deps.getAccessToken();
      if (!token) return { kind: 'signedOut' };
    }
    controller = new AbortController();
    const signal = controller.signal;
    const response = await deps.fetch(PRESENCE_STREAM_URL, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal,
    });
    if (response.status === 401) {
      // The token expired in between: a fresh one, then straight back.
      await response.body?.cancel();
      return (await deps.refreshSession()) ? { kind: 'retry' } : { kind: 'signedOut' };
    }
    if (!response.ok || !response.body) {
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        // not the API's JSON (a proxy's error page): the status says enough
      }
      const error = apiErrorFrom(response, body);
      // Refusals are final; overload and server failures pass.
      const final = response.status >= 400 && response.status < 500 && response.status !== 429;
      if (final) return { kind: 'failed', error };
      throw error;
    }

    const openedAt = now();
    let gotSnapshot = false;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const armWatchdog = () => {
      if (silence !== undefined) cancel(silence);
      silence = later(() => controller?.abort(), SILENCE_LIMIT_MS);
    };
    const parser = createSseParser({
      onMessage: (message) => {
        const event = parsePresenceEvent(message.event, message.data);
        if (!event) return;
        if (event.type === 'snapshot' && !gotSnapshot) {
          gotSnapshot = true;
          handlers.onState({ kind: 'live' });
        }
        handlers.onEvent(event);
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    armWatchdog();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armWatchdog();
        parser.push(value);
        handlers.onAlive(now());
      }
    } finally {
      if (silence !== undefined) cancel(silence);
    }
    return { kind: 'ended', healthy: gotSnapshot || now() - openedAt >= MIN_HEALTHY_MS };
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = later(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        cancel(timer);
        wakeUp = null;
        resolve();
      };
    });
  }

  async function run() {
    let failures = 0;
    let refusedInARow = 0;
    handlers.onState({ kind: 'connecting' });
    while (!closed) {
      let outcome: Outcome;
      try {
        outcome = await connectOnce();
      } catch {
        // Network gone, server failing, or the watchdog cut a silent line.
        outcome = { kind: 'ended', healthy: false };
      }
      if (closed) return;
      if (outcome.kind === 'failed') {
        handlers.onState({ kind: 'failed', error: outcome.error });
        return;
      }
      if (outcome.kind === 'signedOut') {
        handlers.onState({ kind: 'signedOut' });
        return;
      }
      // A fresh token that is refused again is a failure, not a reason to hammer the server.
      refusedInARow = outcome.kind === 'retry' ? refusedInARow + 1 : 0;
      if (
        (outcome.kind === 'retry' && refusedInARow < 2) ||
        (outcome.kind === 'ended' && outcome.healthy)
      ) {
        // The usual end of a stream (token expired): reconnect at once.
        failures = 0;
        handlers.onState({ kind: 'connecting' });
        continue;
      }
      failures += 1;
      const delay = reconnectDelayMs(failures, deps.random);
      handlers.onState({ kind: 'reconnecting', retryAt: now() + delay, failures });
      await wait(delay);
    }
  }

  void run();

  return {
    reconnectNow() {
      wakeUp?.();
    },
    close() {
      closed = true;
      controller?.abort();
      wakeUp?.();
    },
  };
}
