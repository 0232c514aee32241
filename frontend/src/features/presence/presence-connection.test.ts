import { describe, expect, it } from 'vitest';
import { connectPresence, type ConnectionState } from './presence-connection';
import type { PresenceEvent } from './presence-state';

const erik = {
  userId: 'u1',
  name: 'Erik',
  teamIds: ['t1'],
  status: 'working',
  since: '2026-11-28T07:12:00.000Z',
} as const;

/** A response whose body delivers the given chunks, then ends (the server ending the stream). */
function streamResponse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Runs a connection against scripted responses, with timers that fire at once. */
function harness(responses: (() => Response)[], options: { refreshOk?: boolean } = {}) {
  const events: PresenceEvent[] = [];
  const states: ConnectionState['kind'][] = [];
  const tokens: (string | null)[] = [];
  let token = 'token-1';
  let refreshes = 0;
  const waits: number[] = [];
  let call = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const connection = connectPresence(
    {
      onEvent: (event) => events.push(event),
      onAlive: () => undefined,
      onState: (state) => {
        states.push(state.kind);
        if (state.kind === 'failed' || state.kind === 'signedOut') finish();
      },
    },
    {
      fetch: (async (_url: string, init: RequestInit) => {
        tokens.push(new Headers(init.headers).get('authorization'));
        const next = responses[call];
        call += 1;
        if (!next) {
          finish();
          return new Promise<Response>(() => undefined); // hang: the test is over
        }
        return next();
      }) as typeof fetch,
      getAccessToken: () => token,
      refreshSession: async () => {
        refreshes += 1;
        if (options.refreshOk === false) return false;
        token = `token-${refreshes + 1}`;
        return true;
      },
      random: () => 1,
      setTimeout: ((fn: () => void, ms: number) => {
        // The silence watchdog is not part of these tests; back-off waits run at once.
        if (ms >= 60_000) return 0;
        waits.push(ms);
        queueMicrotask(fn);
        return 0;
      }) as unknown as typeof setTimeout,
      clearTimeout: () => undefined,
    },
  );
  return {
    done: done.then(() => connection.close()),
    events,
    states,
    tokens,
    waits,
    refreshes: () => refreshes,
  };
}

describe('connectPresence', () => {
  it('sends the token, applies the snapshot and changes, and reconnects when the stream ends', async () => {
    const h = harness([
      () =>
        streamResponse([
          'event: snapshot\ndata: {"people":[]}\n\n',
          ': heartbeat\n\n',
          `event: presence\ndata: ${JSON.stringify(erik)}\n\n`,
        ]),
    ]);
    await h.done;
    expect(h.tokens).toEqual(['Bearer token-1', 'Bearer token-1']);
    expect(h.events).toEqual([
      { type: 'snapshot', people: [] },
      { type: 'presence', person: erik },
    ]);
    // Connected, live, then straight back (no waiting) after the server ended the stream.
    expect(h.states).toEqual(['connecting', 'live', 'connecting']);
    expect(h.waits).toEqual([]);
  });

  it('refreshes the session on 401 and connects with the new token', async () => {
    const h = harness([
      () => jsonResponse(401, { error: { code: 'UNAUTHENTICATED', message: 'Please sign in.' } }),
      () => streamResponse(['event: snapshot\ndata: {"people":[]}\n\n']),
    ]);
    await h.done;
    expect(h.refreshes()).toBe(1);
    expect(h.tokens).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-2']);
  });

  it('says so when the session cannot be refreshed', async () => {
    const h = harness(
      [() => jsonResponse(401, { error: { code: 'UNAUTHENTICATED', message: 'x' } })],
      { refreshOk: false },
    );
    await h.done;
    expect(h.states).toEqual(['connecting', 'signedOut']);
  });

  it('backs off with growing waits on server errors and network failures', async () => {
    const h = harness([
      () => jsonResponse(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'x' } }),
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => streamResponse([]), // ends at once without a snapshot: a failure too
    ]);
    await h.done;
    expect(h.waits).toEqual([1000, 2000, 4000]);
    expect(h.states).toEqual(['connecting', 'reconnecting', 'reconnecting', 'reconnecting']);
  });

  it('stops on a refusal and reports it', async () => {
    const h = harness([
      () => jsonResponse(403, { error: { code: 'FORBIDDEN', message: 'You are not allowed.' } }),
    ]);
    await h.done;
    expect(h.states).toEqual(['connecting', 'failed']);
  });
});
