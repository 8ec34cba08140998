// Broadcast behind one interface, like a Channels group layer: publish a serialized frame to a room, and
// every process subscribed to that room delivers it to its own sockets. The in-process bus calls listeners
// directly; a Redis pub/sub bus would carry `{frame, exclude}` in one message per publish.

export interface BusMessage {
  /** The frame, already serialized once by the publisher. */
  frame: string;
  /** A connection id that must not receive this frame (used only by the `no-echo-to-sender` fault). */
  exclude?: string;
  /** Every room of a publish to more than one, in order: a socket in several of them takes it from the first (ws.ts Hub). */
  rooms?: readonly string[];
}

/** The distinct rooms of a publish, in order. */
export function roomList(rooms: string | readonly string[]): string[] {
  return typeof rooms === 'string' ? [rooms] : [...new Set(rooms)];
}

export type BusListener = (message: BusMessage) => void;

export interface Bus {
  /** Publishes to one room, or to several: a socket in more than one of them receives the frame once. */
  publish(rooms: string | readonly string[], frame: string, exclude?: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(room: string, listener: BusListener): () => void;
  /**
   * Resolves once this process receives the room's publishes. A socket is accepted only after that, so a
   * message sent right after another client's 'open' can't be published before the subscription holds.
   */
  ready(room: string): Promise<void>;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
  private readonly rooms = new Map<string, Set<BusListener>>();

  async publish(rooms: string | readonly string[], frame: string, exclude?: string): Promise<void> {
    const list = roomList(rooms);
    const message: BusMessage = exclude === undefined ? { frame } : { frame, exclude };
    if (list.length > 1) message.rooms = list;
    for (const room of list) {
      const listeners = this.rooms.get(room);
      if (listeners) for (const listener of listeners) listener(message);
    }
  }

  subscribe(room: string, listener: BusListener): () => void {
    let listeners = this.rooms.get(room);
    if (!listeners) this.rooms.set(room, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.rooms.get(room) === listeners) this.rooms.delete(room);
    };
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.rooms.clear();
  }
}
