// How a connection's new message reaches its room: through the delivery faults (seams.ts `deliver`:
// no-broadcast-to-peer, no-echo-to-sender, reorder-broadcast, …), with the no-echo variant applied here.
import type { ServerContext } from './dialect.ts';
import { deliver } from './seams.ts';
import type { Connection } from './ws.ts';

/** Publishes to one room or several (a socket in more than one of them receives it once). */
export async function publishFromConnection<S>(sc: ServerContext, conn: Connection<S>, room: string | readonly string[], frame: string): Promise<void> {
  // Leaving the sender out composes with the delivery faults (a variant must not hide a fault).
  const exclude = sc.variants.effect.noEcho ? conn.id : undefined;
  await deliver(sc, conn as Connection<unknown>, { room, frame, ...(exclude ? { exclude } : {}) }, (p) => sc.bus.publish(p.room, p.frame, p.exclude));
}
