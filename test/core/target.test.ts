import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetError, deriveWsUrl, loadTargetFile, parseTarget } from '../../core/target.ts';

const good = {
  profile: 'carinfopro',
  baseUrl: 'https://chat.example.test/',
  users: { owner: { credentials: { username: 'alice', password: 'pw' } }, other_owner: { token: 'eyJ.x.y' } },
};

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TargetError);
    return (err as Error).message;
  }
  throw new Error('expected a TargetError');
}

describe('parseTarget', () => {
  it('accepts a good target, trims the base URL and derives the WebSocket URL', () => {
    const target = parseTarget(good);
    expect(target.baseUrl).toBe('https://chat.example.test');
    expect(target.wsUrl).toBe('wss://chat.example.test');
    expect(target.users.owner?.credentials).toEqual({ username: 'alice', password: 'pw' });
  });

  it('derives ws:// from http:// and keeps an explicit wsUrl', () => {
    expect(deriveWsUrl('http://localhost:8000/')).toBe('ws://localhost:8000');
    expect(parseTarget({ ...good, baseUrl: 'http://localhost:8000' }).wsUrl).toBe('ws://localhost:8000');
    expect(parseTarget({ ...good, wsUrl: 'ws://other:9000/' }).wsUrl).toBe('ws://other:9000');
  });

  it('says which field is missing when users are absent', () => {
    const { users: _, ...noUsers } = good;
    const text = message(() => parseTarget(noUsers, 'target file t.json'));
    expect(text).toContain('target file t.json does not match schemas/meta/target.schema.json');
    expect(text).toContain("must have required property 'users'");
  });

  it('refuses a base URL that is not http(s)', () => {
    const text = message(() => parseTarget({ ...good, baseUrl: 'ftp://chat.example.test' }));
    expect(text).toMatch(/\/baseUrl: must match pattern/);
  });

  it('refuses a user with neither credentials nor token, and an unknown profile', () => {
    expect(message(() => parseTarget({ ...good, users: { owner: {} } }))).toContain('/users/owner');
    expect(message(() => parseTarget({ ...good, profile: 'nope' }))).toMatch(/unknown profile 'nope'; profiles: medmapp, fiko, carechat, carinfopro, uzbekhub/);
    expect(message(() => parseTarget({ ...good, profile: 'Med mapp' }))).toContain('/profile');
  });
});

describe('loadTargetFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatconform-target-'));

  it('reads and parses a target file', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(good));
    expect((await loadTargetFile(file)).wsUrl).toBe('wss://chat.example.test');
  });

  it('reports malformed JSON with the file name', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"profile": "fiko",');
    await expect(loadTargetFile(file)).rejects.toThrow(TargetError);
    await expect(loadTargetFile(file)).rejects.toThrow(`target file ${file} is not valid JSON`);
  });

  it('reports a missing file', async () => {
    await expect(loadTargetFile(join(dir, 'absent.json'))).rejects.toThrow(/cannot read target file .*absent\.json: ENOENT/);
  });
});

describe('parseTarget: hooks (issue 15)', () => {
  const target = (hooks: unknown) => ({ profile: 'fiko', baseUrl: 'http://127.0.0.1:8000', users: { agent: { token: 'eyJ.x.y' } }, hooks });
  it('accept a hook for an event of the profile', () => {
    expect(parseTarget(target({ customerMessage: { command: 'bash inject.sh {conversation} {text} {baseUrl}' } })).hooks).toBeDefined();
  });

  it('refuse an event the profile does not have, with the events it has', () => {
    expect(message(() => parseTarget(target({ customerMesage: { command: 'x' } }), 'target file t.json'))).toBe("target file t.json: hooks.customerMesage is not an event of fiko (did you mean 'customerMessage'?); its events are customerMessage");
  });

  it('refuse a placeholder nobody fills in', () => {
    expect(message(() => parseTarget(target({ customerMessage: { http: { path: '/x', body: { c: '{conversaton}' } } } })))).toMatch(/hooks\.customerMessage uses \{conversaton\} \(did you mean 'conversation'\?\); it may use \{conversation\}, \{text\}, \{baseUrl\}, \{wsUrl\}/);
  });

  it('refuse a hook that is both a command and a request, or neither', () => {
    expect(message(() => parseTarget(target({ customerMessage: { command: 'x', http: { path: '/x' } } })))).toMatch(/does not match/);
    expect(message(() => parseTarget(target({ customerMessage: { timeoutMs: 1000 } })))).toMatch(/does not match/);
  });
});
