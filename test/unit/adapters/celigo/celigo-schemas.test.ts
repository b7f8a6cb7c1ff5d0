import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeCeligoMessage } from '../../../../src/adapters/celigo/celigo-errors.js';
import {
  connectionWire,
  parseErrorEnvelope,
  pickAuthorizationUrl,
  toConnectionSummary,
} from '../../../../src/adapters/celigo/celigo-schemas.js';
import { containsMask } from '../../../../src/adapters/celigo/index.js';

const authorized = JSON.parse(
  readFileSync(new URL('../../../fixtures/celigo/connection-oauth-authorized.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('connection wire schema', () => {
  it('maps an authorized OAuth connection as Celigo returns it, unknown fields and all', () => {
    expect(toConnectionSummary(connectionWire.parse(authorized))).toEqual({
      id: '65a1f0c2e4b0a1b2c3d4e5f6',
      name: 'Microsoft Teams',
      type: 'http',
      authType: 'oauth',
      grantType: undefined,
      offline: false,
      lastModified: '2024-03-02T08:00:01.456Z',
      redirectUrl: 'https://partner.example/celigo/done',
    });
  });

  it('reads nulls as absent and tolerates a connection without an http block', () => {
    const c = toConnectionSummary(
      connectionWire.parse({ _id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'FTP', type: 'ftp', offline: null, http: null }),
    );
    expect(c).toMatchObject({ type: 'ftp', authType: undefined, offline: undefined, redirectUrl: undefined });
  });

  it('rejects a body without an _id', () => {
    expect(connectionWire.safeParse({ name: 'x' }).success).toBe(false);
  });

  it('finds masked secrets anywhere in the document', () => {
    expect(containsMask(authorized)).toBe(true);
    expect(containsMask({ a: [{ b: 'ok' }], c: 1, d: null })).toBe(false);
    expect(containsMask({ a: [{ b: '******' }] })).toBe(true);
  });
});

describe('error envelope and messages', () => {
  it('parses Celigo’s envelope and ignores other bodies', () => {
    expect(parseErrorEnvelope({ errors: [{ code: 'invalid_field', message: 'm', field: 'f' }] })).toEqual([
      { code: 'invalid_field', message: 'm', field: 'f' },
    ]);
    expect(parseErrorEnvelope('<html>502</html>')).toBeUndefined();
    expect(parseErrorEnvelope(undefined)).toBeUndefined();
    expect(parseErrorEnvelope({ message: 'no envelope' })).toBeUndefined();
  });

  it('quotes a Celigo message only when it holds no URL', () => {
    const e = (message: string) => [{ code: 'x', message, field: undefined }];
    expect(safeCeligoMessage(e('`adaptorType` is required'))).toBe('`adaptorType` is required');
    expect(safeCeligoMessage(e('see https://x.example/a'))).toBeUndefined();
    expect(safeCeligoMessage(e('go to www.example.com'))).toBeUndefined();
  });
});

describe('authorization URL key (Q-authorization-url-key)', () => {
  it('accepts either spelling in any case, only with an http(s) URL', () => {
    expect(pickAuthorizationUrl({ authorizationURL: 'https://p.example/a' })).toBe('https://p.example/a');
    expect(pickAuthorizationUrl({ authorizationUrl: 'https://p.example/b' })).toBe('https://p.example/b');
    expect(pickAuthorizationUrl({ AuthorizationUrl: 'http://p.example/c' })).toBe('http://p.example/c');
    expect(pickAuthorizationUrl({ authorizationUrl: 'ftp://p.example/' })).toBeUndefined();
    expect(pickAuthorizationUrl({ url: 'https://p.example/' })).toBeUndefined();
    expect(pickAuthorizationUrl(['https://p.example/'])).toBeUndefined();
  });
});
