import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError, httpExchange, probeReachable } from '../../client/http.ts';
import { hugeBody, refusing, silent, type Hostile } from '../harness/hostile.ts';

let target: Hostile | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('httpExchange against hostile targets', () => {
  it('gives up on silence after the timeout with a NetworkError', async () => {
    target = await silent();
    const t0 = Date.now();
    const err = await httpExchange(target.url, { method: 'GET', path: '/api/conversations/' }, 300).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('stops reading an endless body at the size cap', async () => {
    target = await hugeBody();
    const err = await httpExchange(target.url, { method: 'GET', path: '/' }, 5000).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.kind).toBe('too-large');
  });

  it('returns non-JSON bodies as text with json undefined', async () => {
    target = await refusing(500, '<html>oops</html>');
    const res = await httpExchange(target.url, { method: 'GET', path: '/' }, 1000);
    expect(res.status).toBe(500);
    expect(res.json).toBeUndefined();
    expect(res.text).toBe('<html>oops</html>');
  });

  it('tells reachable from unreachable', async () => {
    target = await refusing(404);
    expect(await probeReachable(target.url, 1000)).toEqual({ ok: true });
    const gone = await silent();
    const url = gone.url;
    await gone.close();
    const verdict = await probeReachable(url, 1000);
    expect(verdict.ok).toBe(false);
    expect((verdict as { reason: string }).reason).toMatch(/refused/);
  });
});
