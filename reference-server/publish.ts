// How a connection's new message reaches its room, with the delivery faults every dialect shares
// (no-broadcast-to-peer, no-echo-to-sender, reorder-broadcast) and the no-echo variant applied in one place.
import type { ServerContext } from './dialect.ts';
import type { Connection } from './ws.ts';

/** What a connection keeps for `reorder-broadcast`. */
export interface PublishState {
  accepted: number;
  held?: string;
}

/** Publishes to one room or several (a socket in more than one of them receives it once). */
export async function publishFromConnection(sc: ServerContext, conn: Connection<PublishState>, room: string | readonly string[], frame: string): Promise<void> {
  const { faults, bus } = sc;
  if (faults.has('no-broadcast-to-peer')) return conn.send(frame);
  // Leaving the sender out composes with the other delivery rules (a variant must not hide a fault).
  const exclude = faults.has('no-echo-to-sender') || sc.variants.effect.noEcho ? conn.id : undefined;
  if (faults.has('reorder-broadcast')) {
    // Every 2nd message of the connection is held back and sent after the next one.
    if (++conn.state.accepted % 2 === 0) {
      conn.state.held = frame;
      return;
    }
    await bus.publish(room, frame, exclude);
    const held = conn.state.held;
    conn.state.held = undefined;
    if (held) await bus.publish(room, held, exclude);
    return;
  }
  await bus.publish(room, frame, exclude);
}
