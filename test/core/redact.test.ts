import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../core/redact.ts';

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
});
