import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { TargetError } from '../../core/target.ts';
import { Endpoints, documentedBody, shapeBody } from '../../client/endpoints.ts';

const medmapp = loadProfile('medmapp');

describe('endpoint overrides', () => {
  const eps = new Endpoints(medmapp, {
    'auth.login': { path: '/api/login/', fields: { phone: 'phone_number' }, accessPath: 'tokens.access', refreshPath: 'tokens.refresh' },
    'conversations.create': { body: { created_by: '{users.operator.id}', note: 'by {users.operator.id}' } },
  });

  it('keeps the documented form apart from the one this server serves', () => {
    expect(eps.documented('auth.login')).toMatchObject({ method: 'POST', path: '/api/token/', accessPath: 'access', refreshPath: 'refresh', overridden: false });
    expect(eps.resolve('auth.login')).toMatchObject({ method: 'POST', path: '/api/login/', accessPath: 'tokens.access', refreshPath: 'tokens.refresh', overridden: true });
    expect(eps.resolve('conversations.list')).toMatchObject({ method: 'GET', path: '/api/conversations/', overridden: false });
  });

  it('renames documented fields and adds the named ones, filling placeholders (numbers stay numbers)', () => {
    const lookup = (ref: string) => (ref === 'users.operator.id' ? 2 : undefined);
    expect(shapeBody(eps.resolve('auth.login'), { phone: '+998', password: 'p' }, lookup)).toEqual({ phone_number: '+998', password: 'p' });
    expect(shapeBody(eps.resolve('conversations.create'), { patient: 10, title: 't' }, lookup)).toEqual({ patient: 10, title: 't', created_by: 2, note: 'by 2' });
    expect(shapeBody(eps.resolve('conversations.create'), { created_by: 7 }, lookup)).toEqual({ created_by: 7, note: 'by 2' });
  });

  it('refuses a key that is no operation of the profile, naming the known ones', () => {
    expect(() => new Endpoints(medmapp, { 'conversation.create': { path: '/x/' } })).toThrow(TargetError);
    expect(() => new Endpoints(medmapp, { 'conversation.create': { path: '/x/' } })).toThrow(/conversations\.create/);
  });
});

describe('response overrides', () => {
  const eps = new Endpoints(loadProfile('uzbekhub'), {
    'rooms.get': { responseFields: { members: 'participants' } },
    'members.list': { itemsPath: 'data.members' },
  });

  it('reads a body back into the documented shape: renamed fields at any depth, a wrapped list unwrapped', () => {
    expect(documentedBody(eps.resolve('rooms.get'), { id: 'r', participants: [{ id: 1, participants: 2 }] })).toEqual({ id: 'r', members: [{ id: 1, members: 2 }] });
    expect(documentedBody(eps.resolve('members.list'), { data: { members: [{ role: 'owner' }] } })).toEqual([{ role: 'owner' }]);
    expect(documentedBody(eps.resolve('rooms.list'), { participants: 1 })).toEqual({ participants: 1 });
    expect(eps.documented('rooms.get').responseFields).toBeUndefined();
  });
});
