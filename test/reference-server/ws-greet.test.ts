// A socket endpoint's greeting (ws.ts `greet`, Fiko's recent_messages): what is sent to a connection while
// its greeting is being prepared waits, and goes out after the greeting, in order.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Connection } from '../../reference-server/ws.ts';
import { pino } from 'pino';

function fakeSocket(): { ws: WebSocket; sent: string[] } {
  const sent: string[] = [];
  const ws = { readyState: WebSocket.OPEN, bufferedAmount: 0, send: (frame: Buffer | string) => sent.push(String(frame)) } as unknown as WebSocket;
  return { ws, sent };
}

describe('Connection.hold / greeted', () => {
  it('holds broadcasts until the greeting is out, then sends the greeting first and the rest in order', () => {
    const { ws, sent } = fakeSocket();
    const conn = new Connection(ws, [], 1, {}, pino({ enabled: false }));
    conn.hold();
    conn.send('broadcast 1');
    conn.send(Buffer.from('broadcast 2'));
    expect(sent).toEqual([]);
    conn.greeted('recent_messages');
    conn.send('broadcast 3');
    expect(sent).toEqual(['recent_messages', 'broadcast 1', 'broadcast 2', 'broadcast 3']);
  });

  it('without a greeting (undefined) sends what was held', () => {
    const { ws, sent } = fakeSocket();
    const conn = new Connection(ws, [], 1, {}, pino({ enabled: false }));
    conn.hold();
    conn.send('a');
    conn.greeted(undefined);
    expect(sent).toEqual(['a']);
  });
});
