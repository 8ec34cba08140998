import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../core/redact.ts';
import { Transcript } from '../../client/transcript.ts';
import { WsProbe } from '../../client/ws.ts';
import { refusing, silent, wsServer, type Hostile } from '../harness/hostile.ts';

let target: Hostile | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const ws = (h: Hostile) => h.url.replace('http', 'ws');

describe('WsProbe records every outcome of an attempt', () => {
  it('times out on a server that accepts TCP and never answers', async () => {
    target = await silent();
    const t0 = Date.now();
    const probe = await WsProbe.connect(`${ws(target)}/ws/chat/1/`, { timeoutMs: 300 });
    expect(probe.handshake.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports an HTTP refusal with its status and body', async () => {
    target = await refusing(403, 'Access denied');
    const probe = await WsProbe.connect(`${ws(target)}/ws/chat/1/`, { timeoutMs: 1000 });
    expect(probe.handshake).toEqual({ kind: 'refused', status: 403, body: 'Access denied' });
  });

  it('reports a TCP error when nothing listens', async () => {
    const h = await silent();
    const url = ws(h);
    await h.close();
    const probe = await WsProbe.connect(`${url}/x`, { timeoutMs: 1000 });
    expect(probe.handshake.kind).toBe('error');
    expect((probe.handshake as { message: string }).message).toMatch(/ECONNREFUSED/);
  });

  it('records an accepted-then-closed socket with code and reason', async () => {
    target = await wsServer((s) => s.close(4003, 'Forbidden'));
    const probe = await WsProbe.connect(`${ws(target)}/`, { timeoutMs: 1000 });
    expect(probe.handshake.kind).toBe('open');
    expect(await probe.waitClose(1000)).toEqual({ code: 4003, reason: 'Forbidden' });
  });

  it('reports a socket left open past the timeout as not closed', async () => {
    target = await wsServer(() => {});
    const probe = await WsProbe.connect(`${ws(target)}/`, { timeoutMs: 1000 });
    expect(await probe.waitClose(200)).toBeUndefined();
    probe.close();
  });

  it('keeps garbage and binary frames as unparsed text instead of throwing', async () => {
    target = await wsServer((s) => {
      s.send('{"not": json');
      s.send(Buffer.from([0xff, 0x00, 0xfe]), { binary: true });
      s.send('{"type":"chat_message"}');
    });
    const probe = await WsProbe.connect(`${ws(target)}/`, { timeoutMs: 1000 });
    const last = await probe.nextFrame((f) => (f.json as { type?: string } | undefined)?.type === 'chat_message', 1000);
    expect(last).toBeDefined();
    expect(probe.frames.map((f) => [f.binary, f.json === undefined])).toEqual([[false, true], [true, true], [false, false]]);
    probe.close();
  });

  it('bounds what it keeps from a flood', async () => {
    target = await wsServer((s) => {
      for (let i = 0; i < 6000; i++) s.send(`{"i":${i}}`);
    });
    const probe = await WsProbe.connect(`${ws(target)}/`, { timeoutMs: 2000 });
    await probe.collect(2000, () => true, 6000);
    expect(probe.frames.length).toBe(5000);
    expect(probe.framesDropped).toBe(1000);
    probe.close();
  });

  it('drops a socket that sends a frame over the size cap instead of buffering it', async () => {
    target = await wsServer((s) => s.send(Buffer.alloc(2 << 20, 'a').toString()));
    const probe = await WsProbe.connect(`${ws(target)}/`, { timeoutMs: 2000 });
    const closed = await probe.waitClose(2000);
    // ws fails the connection (1009 sent, 1006 seen locally when the peer does not answer the close).
    expect([1006, 1009]).toContain(closed?.code);
    expect(probe.frames).toHaveLength(0);
  });

  it('redacts the token in the query string of the recorded upgrade', async () => {
    target = await wsServer((s) => s.close(1000));
    const transcript = new Transcript(new Redactor());
    await WsProbe.connect(`${ws(target)}/ws/chat/1/?token=secret-value-123`, { timeoutMs: 1000, transcript });
    const text = JSON.stringify(transcript.entries);
    expect(text).not.toContain('secret-value-123');
    expect(text).toContain('token=[redacted]');
  });
});
