/**
 * Approve with undo (UX rule 4) without an undo in the API: an approval is held back while its
 * toast is open and only sent when the toast closes (after 5 s, or at once when closed by hand);
 * "Rückgängig" drops it and nothing was ever sent. Meanwhile the item is hidden from the inbox.
 * The hold lives outside React, so leaving the page does not lose a decision: it is sent when
 * its toast closes, or at once when the tab is hidden or closed (pagehide).
 */
import { useSyncExternalStore } from 'react';

interface Held {
  /** Sends the decision and refreshes the inbox; settles when the inbox is current again. */
  send: () => Promise<unknown>;
}

const held = new Map<string, Held>();
/** Released and on their way: still hidden, so the card does not flash back before the refresh. */
const sending = new Set<string>();
let snapshot: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function changed() {
  snapshot = new Set([...held.keys(), ...sending]);
  for (const listener of listeners) listener();
}

/** Holds a decision on `id`; `send` runs once, when it is released. */
export function hold(id: string, send: () => Promise<unknown>): void {
  held.set(id, { send });
  changed();
}

/** Sends a held decision now (its toast closed). No-op when it was undone. */
export function release(id: string): void {
  const entry = held.get(id);
  if (!entry) return;
  held.delete(id);
  sending.add(id);
  changed();
  void entry.send().finally(() => {
    sending.delete(id);
    changed();
  });
}

/** Drops a held decision: nothing is sent. Returns whether there was one. */
export function undo(id: string): boolean {
  const had = held.delete(id);
  if (had) changed();
  return had;
}

/** Whether a decision on `id` is waiting for its toast to close. */
export function isHeld(id: string): boolean {
  return held.has(id);
}

/** The ids with a held or travelling decision, for hiding them from the inbox and its count. */
export function useHeldIds(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}

if (typeof window !== 'undefined') {
  // Closing the tab within the undo window still sends what was decided.
  window.addEventListener('pagehide', () => {
    for (const id of [...held.keys()]) release(id);
  });
}
