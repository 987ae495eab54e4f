import type { Server } from 'socket.io';

/** What a client is told before its socket closes: the server is going away, reconnect. */
export const SERVER_SHUTDOWN_EVENT = 'server.shutdown';

/**
 * Ends every socket.io connection before the HTTP server closes (an open WebSocket would keep
 * `close()` waiting until the stack gave up): each client gets `server.shutdown` with a reason,
 * then its transport closes once that packet has left (or after `flushMs` for a client that
 * does not read). socket.io clients see "transport close" and reconnect by themselves, to
 * another replica when there is one; the NATS connection is drained after this.
 */
export async function closeSockets(io: Server, flushMs = 1_000): Promise<number> {
  const chat = io.of('/chat');
  const clients = [...new Set([...chat.sockets.values(), ...io.sockets.sockets.values()].map((socket) => socket.conn))];
  chat.emit(SERVER_SHUTDOWN_EVENT, { reason: 'server_shutdown', message: 'The server is restarting; reconnect to continue.' });
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.readyState === 'closed') return resolve();
          const timer = setTimeout(() => {
            client.close(true);
            resolve();
          }, flushMs);
          client.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          client.close();
        }),
    ),
  );
  return clients.length;
}
