import { describe, expect, test } from 'vitest';
import { type Action, channelAllowed, mayPerform, rolesFor } from '../../../src/domain/access.js';

const policy = { operators: ['U_OP', 'S_OPS'], admins: ['U_ADMIN', 'S_ADMINS'], channels: [] };
const none = new Set<string>();
const actions: Action[] = ['help', 'list_connections', 'generate_link', 'view_status', 'view_audit', 'set_redirect'];

describe('roles', () => {
  test('an open policy lets everyone do everything', () => {
    const roles = rolesFor({ operators: [], admins: [], channels: [] }, 'U_ANY', none);
    for (const a of actions) expect(mayPerform(roles, a)).toBe(true);
  });

  test('operators may do all but change landing pages; admins are operators', () => {
    const op = rolesFor(policy, 'U_OP', none);
    expect(actions.filter((a) => mayPerform(op, a))).toEqual(actions.filter((a) => a !== 'set_redirect'));
    const admin = rolesFor(policy, 'U_ADMIN', none);
    for (const a of actions) expect(mayPerform(admin, a)).toBe(true);
  });

  test('user-group membership grants the group role', () => {
    expect([...rolesFor(policy, 'U_X', new Set(['S_OPS']))]).toEqual(['operator']);
    expect(rolesFor(policy, 'U_Y', new Set(['S_ADMINS'])).has('admin')).toBe(true);
  });

  test('strangers may only ask for help', () => {
    const roles = rolesFor(policy, 'U_STRANGER', none);
    expect(actions.filter((a) => mayPerform(roles, a))).toEqual(['help']);
  });

  test('channels are restricted only when listed', () => {
    expect(channelAllowed(policy, 'C1')).toBe(true);
    expect(channelAllowed({ ...policy, channels: ['C1'] }, 'C1')).toBe(true);
    expect(channelAllowed({ ...policy, channels: ['C1'] }, 'C2')).toBe(false);
    expect(channelAllowed({ ...policy, channels: ['C1'] }, null)).toBe(false);
  });
});
