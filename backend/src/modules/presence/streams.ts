/**
 * The live presence streams of one worker process (Server-Sent Events). Each stream starts with
 * a snapshot, then gets one event per state change of a person in its scope, as the bus hands
 * them over; a comment line every 25 s keeps proxies from timing out. A stream ends itself when
 * the access token expires or the user's sign-in state changes (the client reconnects with a
 * fresh token), when the client is too slow, and when the app closes.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../../deps.js';
import { sessionProblem } from '../auth/auth-state.js';
import type { Actor } from '../auth/permissions.js';
import { tenantOf } from '../auth/permissions.js';
import type { AccessClaims } from '../auth/tokens.js';
import type { PresenceChange } from './bus.js';
import type { PresencePerson, PresenceScope } from './service.js';
import { inPresenceScope, presenceOfChange, presenceScope, presenceSnapshot } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process' open presence streams. */
    presenceStreams: PresenceStreams;
  }
}

/** Below the usual 60 s proxy read timeout (nginx proxy_read_timeout). */
export const HEARTBEAT_MS = 25_000;
/** A client this far behind is cut off instead of being buffered for without bound. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** How long a new stream waits for the Redis subscription before sending its snapshot. */
const SUBSCRIBE_WAIT_MS = 1_000;
/** setTimeout's ceiling; a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type StreamEndReason =
  'client_gone' | 'token_expired' | 'session_changed' | 'slow_client' | 'shutdown' | 'error';

function sseEvent(event: 'snapshot' | 'presence', data: unknown): string {
  // JSON never contains a raw newline, so one data line carries the whole event.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

class PresenceStream {
  readonly out = new PassThrough();
  /** Changes that arrive before the snapshot is out; sent right after it. */
  private pending: PresencePerson[] | null = [];
  /** What the client knows per person, so a repeated or unchanged announcement is not sent. */
  private readonly known = new Map<string, string>();
  /** Sends and checks run one after another, so events keep their order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private ended = false;

  constructor(
    private readonly deps: Deps,
    readonly actor: Actor,
    readonly tenantId: string,
    private readonly claims: AccessClaims,
    public scope: PresenceScope,
    private readonly onEnd: (stream: PresenceStream) => void,
  ) {
    this.out.on('close', () => this.end('client_gone'));
  }

  start(people: PresencePerson[]): void {
    if (this.ended) return;
    this.write(sseEvent('snapshot', { people }));
    for (const person of people) this.known.set(person.userId, stateKey(person));
    const early = this.pending ?? [];
    this.pending = null;
    for (const person of early) this.offer(person);
    const untilExpiry = this.claims.expiresAtMs - this.deps.clock().getTime();
    this.timers.push(
      setTimeout(() => this.end('token_expired'), Math.min(Math.max(untilExpiry, 0), MAX_TIMER_MS)),
      setInterval(() => this.heartbeat(), HEARTBEAT_MS),
    );
    for (const timer of this.timers) timer.unref();
  }

  /** A person in scope changed; sent unless the client already knows this state. */
  offer(person: PresencePerson): void {
    if (this.ended) return;
    if (this.pending) {
      this.pending.push(person);
      return;
    }
    this.enqueue(async () => {
      if (this.known.get(person.userId) === stateKey(person)) return;
      if (!(await this.sessionHolds())) return this.end('session_changed');
      this.known.set(person.userId, stateKey(person));
      this.write(sseEvent('presence', person));
    });
  }

  /** The user's sign-in state changed somewhere: end the stream at once if it no longer holds. */
  recheck(): void {
    this.enqueue(async () => {
      if (!(await this.sessionHolds())) this.end('session_changed');
    });
  }

  private heartbeat(): void {
    this.enqueue(async () => {
      if (!(await this.sessionHolds())) return this.end('session_changed');
      // Team leads change rarely; re-reading them here bounds a stale scope to one interval.
      this.scope = await presenceScope(this.deps, this.actor);
      this.write(': heartbeat\n\n');
    });
  }

  /** The same rule as every request's sign-in check, plus: token not expired, role unchanged. */
  private async sessionHolds(): Promise<boolean> {
    if (this.deps.clock().getTime() >= this.claims.expiresAtMs) return false;
    const state = await this.deps.authStates.get(this.actor.userId);
    return (
      sessionProblem(state, this.claims.issuedAtMs) === null &&
      state?.role === this.actor.role &&
      state.tenantId === this.actor.tenantId
    );
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => {
      this.deps.log.warn({ err, userId: this.actor.userId }, 'presence stream failed');
      this.end('error');
    });
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.out.writableLength > MAX_BUFFERED_BYTES) return this.end('slow_client');
    this.out.write(chunk);
  }

  end(reason: StreamEndReason): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.pending = null;
    if (!this.out.destroyed) this.out.end();
    this.onEnd(this);
    this.deps.log.debug({ userId: this.actor.userId, reason }, 'presence stream ended');
  }
}

const stateKey = (person: PresencePerson) => `${person.status}|${person.since ?? ''}`;

export class PresenceStreams {
  /** Streams by tenant: a change is only ever looked at for its own company's streams. */
  private readonly byTenant = new Map<string, Set<PresenceStream>>();
  private readonly detach: (() => void)[];

  constructor(private readonly deps: Deps) {
    this.detach = [
      deps.presence.onChange((change) => void this.dispatch(change)),
      deps.authStates.onChange((userIds) => this.sessionsChanged(userIds)),
    ];
  }

  /** Open streams in this process. */
  get size(): number {
    let n = 0;
    for (const streams of this.byTenant.values()) n += streams.size;
    return n;
  }

  /**
   * Opens a stream for the actor: FORBIDDEN (before any byte is sent) for roles without
   * presence.read. The stream listens before its snapshot is read, so no change falls between.
   */
  async open(actor: Actor, claims: AccessClaims): Promise<PassThrough> {
    const scope = await presenceScope(this.deps, actor);
    const tenantId = tenantOf(actor);
    const stream = new PresenceStream(this.deps, actor, tenantId, claims, scope, (s) =>
      this.remove(s),
    );
    const streams = this.byTenant.get(tenantId) ?? new Set<PresenceStream>();
    streams.add(stream);
    this.byTenant.set(tenantId, streams);
    try {
      await this.deps.presence.whenListening(SUBSCRIBE_WAIT_MS);
      stream.start(await presenceSnapshot(this.deps, tenantId, scope));
    } catch (error) {
      stream.end('error');
      throw error;
    }
    return stream.out;
  }

  /** Ends every stream (app shutdown: open streams must not hold the close up). */
  endAll(reason: StreamEndReason): void {
    for (const streams of [...this.byTenant.values()]) {
      for (const stream of [...streams]) stream.end(reason);
    }
  }

  /** Stops listening to the bus and to sign-in changes. */
  close(): void {
    this.endAll('shutdown');
    for (const undo of this.detach.splice(0)) undo();
  }

  private remove(stream: PresenceStream): void {
    const streams = this.byTenant.get(stream.tenantId);
    streams?.delete(stream);
    if (streams?.size === 0) this.byTenant.delete(stream.tenantId);
  }

  private async dispatch(change: PresenceChange): Promise<void> {
    if (!this.byTenant.get(change.tenantId)?.size) return;
    let person: PresencePerson | null;
    try {
      // One lookup per change and process, however many streams want it.
      person = await presenceOfChange(this.deps, change);
    } catch (err) {
      this.deps.log.warn({ err, userId: change.userId }, 'presence: loading a change failed');
      return;
    }
    if (!person) return;
    for (const stream of this.byTenant.get(change.tenantId) ?? []) {
      if (inPresenceScope(stream.scope, person)) stream.offer(person);
    }
  }

  private sessionsChanged(userIds: string[]): void {
    const changed = new Set(userIds);
    for (const streams of this.byTenant.values()) {
      for (const stream of streams) if (changed.has(stream.actor.userId)) stream.recheck();
    }
  }
}

/** Decorates `app.presenceStreams` and ends every stream before the server waits for requests. */
export const presenceStreamsPlugin = fp(
  async (app: FastifyInstance) => {
    const streams = new PresenceStreams(app.deps);
    app.decorate('presenceStreams', streams);
    // preClose runs before the server waits for in-flight requests; an open stream is one.
    app.addHook('preClose', async () => streams.endAll('shutdown'));
    app.addHook('onClose', async () => streams.close());
  },
  { name: 'presence-streams' },
);
