import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../services.js';

const LABELS = {
  online: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

/** The realtime link's state, announced politely when it changes. */
export function ConnectionBadge() {
  const { socket } = useServices();
  const [state, setState] = useState(socket.connection);
  useEffect(() => {
    setState(socket.connection);
    return socket.onConnection(setState);
  }, [socket]);
  return (
    <span class={`badge badge--${state}`} role="status" title="Live updates from the assistant and billing">
      <span class="badge__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
