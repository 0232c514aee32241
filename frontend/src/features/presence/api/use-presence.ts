import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { getAccessToken, refreshSession } from '../../../lib/auth';
import {
  connectPresence,
  type ConnectionState,
  type PresenceConnection,
} from '../presence-connection';
import { applyPresenceEvent, type PresenceBoard, type PresenceEvent } from '../presence-state';

/**
 * The live presence board of this screen: opens the stream on mount, closes it on unmount,
 * and reconnects at once when the browser comes back online.
 */
export function usePresence() {
  const [board, dispatch] = useReducer(
    (state: PresenceBoard, event: PresenceEvent) => applyPresenceEvent(state, event),
    { people: null },
  );
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const [asOf, setAsOf] = useState<number | null>(null);
  const connection = useRef<PresenceConnection | null>(null);
  // Bumped by "erneut versuchen" after a final failure: opens a new connection.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const current = connectPresence(
      { onEvent: dispatch, onAlive: setAsOf, onState: setState },
      { fetch: (...args) => fetch(...args), getAccessToken, refreshSession },
    );
    connection.current = current;
    const online = () => current.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      current.close();
    };
  }, [generation]);

  const retry = useCallback(() => {
    if (state.kind === 'failed') setGeneration((g) => g + 1);
    else connection.current?.reconnectNow();
  }, [state.kind]);

  return { people: board.people, state, asOf, retry };
}
