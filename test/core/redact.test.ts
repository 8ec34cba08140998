import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, invented } from '../../core/redact.ts';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxMH0.c2lnbmF0dXJlLXZhbHVl';

describe('Redactor', () => {
  const r = new Redactor().add('patient-pass', 'opaque-visitor-secret');

  it('removes known secrets wherever they appear', () => {
    expect(r.text('login with patient-pass and opaque-visitor-secret')).toBe(`login with ${REDACTED} and ${REDACTED}`);
  });

  it('removes JWTs, whole or cut short by truncation', () => {
    expect(r.text(`token ${jwt} end`)).toBe(`token ${REDACTED} end`);
    expect(r.text(`{"refresh":"${jwt.slice(0, 30)}`)).not.toContain('eyJ');
  });

  it('removes query-string tokens, bearer headers and JSON secret fields', () => {
    expect(r.text('/ws/chat/1/?token=abc.def&x=1')).toBe(`/ws/chat/1/?token=${REDACTED}&x=1`);
    expect(r.text('/api/chat/rooms/1/messages/?visitor=9f1c')).toBe(`/api/chat/rooms/1/messages/?visitor=${REDACTED}`);
    expect(r.text('Authorization: Bearer abcdef')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.text('{"phone":"+998","password":"hunter2"}')).toBe(`{"phone":"+998","password":"${REDACTED}"}`);
    expect(r.text('{"visitor_token":"3f2a"}')).toBe(`{"visitor_token":"${REDACTED}"}`);
  });

  it('ignores values too short to be secrets', () => {
    expect(new Redactor().add('ab', undefined, null).text('ab cd')).toBe('ab cd');
  });

  it('shows values the harness invented, for every Redactor, and still hides the real secrets beside them', () => {
    const made = invented('not-a-jwt');
    const uuid = invented('9b2f6c1e-0d4a-4c57-8a7e-3f1d2b6c9a10');
    const fresh = new Redactor().add('real-visitor-token');
    expect(fresh.text(`/ws/chat/1/?token=${made}`)).toBe('/ws/chat/1/?token=not-a-jwt');
    expect(fresh.text(`socket opened with the token "${made}"`)).toBe('socket opened with the token "not-a-jwt"');
    expect(fresh.text(`Bearer ${made}`)).toBe('Bearer not-a-jwt');
    expect(fresh.text(`/ws/chat/r/?visitor=${uuid}&x=1 then ?visitor=real-visitor-token`)).toBe(`/ws/chat/r/?visitor=${uuid}&x=1 then ?visitor=${REDACTED}`);
    expect(fresh.text(`{"token":"${made}","access":"${jwt}"}`)).toBe(`{"token":"not-a-jwt","access":"${REDACTED}"}`);
    // An unregistered made-up-looking value is still hidden: only what a check registers is shown.
    expect(fresh.text('?token=not-a-jwt-either')).toBe(`?token=${REDACTED}`);
  });

  it('a known secret wins over an invented value of the same text', () => {
    invented('shared-value');
    expect(new Redactor().add('shared-value').text('?token=shared-value')).toBe(`?token=${REDACTED}`);
  });

  it('keeps the shell variables of reproduction lines, which name secrets without being any', () => {
    expect(r.text('curl -H "Authorization: Bearer $PATIENT_TOKEN" \'http://h/api/\'')).toBe('curl -H "Authorization: Bearer $PATIENT_TOKEN" \'http://h/api/\'');
    expect(r.text("'ws://h/ws/chat/1/?token=${OWNER_TOKEN}'")).toBe("'ws://h/ws/chat/1/?token=${OWNER_TOKEN}'");
  });
});

describe('invented values in a real run (issue 9, observation 9)', () => {
  it('a failure shows the "not-a-jwt" it sent, while the real tokens stay redacted', async () => {
    const { runProfile } = await import('../suites/prove.ts');
    const { results, text } = await runProfile('medmapp', ['--fault', 'ws-bad-token-wrong-code', '--only', 'medmapp-auth-05']);
    const check = results.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.reason).toContain('"not-a-jwt"');
    expect(check.transcript.map((e) => e.summary).join('\n')).toContain('?token=not-a-jwt');
    expect(text).not.toContain('eyJ');
  });
});
