/**
 * The presence bus: every clock state change is announced once and reaches every HTTP worker,
 * which hands it to its own live streams (streams.ts). With Redis it is one pub/sub channel
 * (the tenant travels in the message); without Redis (single-process development) an
 * in-process hand-over. Announcing never waits and never throws: the clock request it comes
 * from must not get slower or fail because live updates are in trouble.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** A person's clock state right after a committed change. */
export interface PresenceChange {
  tenantId: string;
  userId: string;
  status: 'off' | 'working' | 'break';
  since: string | null;
}

const ChangeMessage = z.strictObject({
  tenantId: z.uuid(),
  userId: z.uuid(),
  status: z.enum(['off', 'working', 'break']),
  since: z.iso.datetime().nullable(),
});

type Listener = (change: PresenceChange) => void;

/**
 * The channel name. ioredis' keyPrefix applies to keys, not to pub/sub channels, so the prefix
 * is added here: installations (and parallel test runs) sharing one Redis never hear each other.
 */
export function presenceChannel(redis: Redis): string {
  return `${redis.options.keyPrefix ?? ''}presence`;
}

export class PresenceBus {
  private readonly listeners = new Set<Listener>();
  private readonly channel: string | null;
  private subscribed = false;
  private readonly detach: (() => void)[] = [];

  /**
   * `subscriber` is the process' one subscriber connection (shared with the auth state cache);
   * both are null without Redis.
   */
  constructor(
    private readonly redis: Redis | null,
    private readonly subscriber: Redis | null,
    private readonly log: FastifyBaseLogger,
  ) {
    this.channel = redis ? presenceChannel(redis) : null;
    if (!subscriber || !this.channel) return;
    const channel = this.channel;
    const onMessage = (from: string, message: string) => {
      if (from === channel) this.receive(message);
    };
    // ioredis subscribes again by itself after a reconnect; 'ready' covers the first connect.
    const onReady = () => {
      subscriber.subscribe(channel).then(
        () => (this.subscribed = true),
        (err: unknown) => this.log.warn({ err }, 'presence: subscribing failed'),
      );
    };
    const onDown = () => (this.subscribed = false);
    subscriber.on('message', onMessage);
    subscriber.on('ready', onReady);
    subscriber.on('close', onDown);
    if (subscriber.status === 'ready') onReady();
    this.detach.push(() => {
      subscriber.off('message', onMessage);
      subscriber.off('ready', onReady);
      subscriber.off('close', onDown);
    });
  }

  /** Announces a committed change to every worker; returns at once, failures are logged. */
  publish(change: PresenceChange): void {
    const message = JSON.stringify(change);
    if (!this.redis || !this.channel) {
      // Asynchronous like the Redis path, so a listener never runs inside the clock request.
      setImmediate(() => this.receive(message));
      return;
    }
    if (this.redis.status !== 'ready') {
      // Redis is down (already reported by the client): at least this worker's streams hear it.
      this.log.debug({ userId: change.userId }, 'presence: redis down, announced locally');
      setImmediate(() => this.receive(message));
      return;
    }
    this.redis.publish(this.channel, message).catch((err: unknown) => {
      this.log.warn({ err, userId: change.userId }, 'presence: publishing failed');
    });
  }

  /** Calls `listener` for every change announced in any worker; returns the removal. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves true once changes from other workers arrive here (at once without Redis), false
   * after `timeoutMs`: a stream opened while Redis is down still gets its snapshot.
   */
  async whenListening(timeoutMs: number): Promise<boolean> {
    if (!this.subscriber) return true;
    const deadline = Date.now() + timeoutMs;
    while (!this.subscribed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.subscribed;
  }

  /** Stops listening (app shutdown); the subscriber connection itself is closed by the app. */
  async close(): Promise<void> {
    for (const undo of this.detach.splice(0)) undo();
    this.listeners.clear();
    if (this.subscriber && this.channel && this.subscribed) {
      this.subscribed = false;
      await this.subscriber.unsubscribe(this.channel).catch(() => {});
    }
  }

  private receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    const change = ChangeMessage.safeParse(parsed);
    if (!change.success) {
      this.log.warn('presence: ignoring a malformed message');
      return;
    }
    for (const listener of this.listeners) listener(change.data);
  }
}
