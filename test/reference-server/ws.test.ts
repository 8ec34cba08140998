import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Connection, MAX_BUFFERED } from '../../reference-server/ws.ts';

function fakeSocket(bufferedAmount: number) {
  const calls: { sent: unknown[]; closed?: number } = { sent: [] };
  const ws = {
    readyState: WebSocket.OPEN,
    bufferedAmount,
    send: (data: unknown) => calls.sent.push(data),
    close: (code: number) => (calls.closed = code),
  };
  return { ws: ws as unknown as WebSocket, calls };
}

describe('Connection', () => {
  it('sends the same Buffer it is given', () => {
    const { ws, calls } = fakeSocket(0);
    const bytes = Buffer.from('{"type":"chat_message"}');
    new Connection(ws, ['1'], 10, {}, pino({ enabled: false })).send(bytes);
    expect(calls.sent[0]).toBe(bytes);
  });

  it('closes a slow consumer with 1013 instead of buffering more', () => {
    const { ws, calls } = fakeSocket(MAX_BUFFERED + 1);
    new Connection(ws, ['1'], 10, {}, pino({ enabled: false })).send(Buffer.from('x'));
    expect(calls.sent).toEqual([]);
    expect(calls.closed).toBe(1013);
  });
});
