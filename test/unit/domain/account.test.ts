import { describe, expect, test } from 'vitest';
import {
  accountEnvSuffix,
  connectionKey,
  isConnectionKey,
  nameWithAccount,
  normalizeKey,
  parseConnectionRef,
  splitConnectionKey,
} from '../../../src/domain/account.js';

const ID = '64f0c2a1b3d4e5f601234567';

describe('connection keys', () => {
  test('account default keeps the bare id, other accounts are prefixed; splitting gives both back', () => {
    expect(connectionKey('default', ID)).toBe(ID);
    expect(connectionKey('eu-prod', ID)).toBe(`eu-prod/${ID}`);
    expect(splitConnectionKey(ID)).toEqual({ account: 'default', id: ID });
    expect(splitConnectionKey(`eu-prod/${ID}`)).toEqual({ account: 'eu-prod', id: ID });
  });

  test('well-formed keys only: a valid account name and a 24-hex id', () => {
    expect(isConnectionKey(ID)).toBe(true);
    expect(isConnectionKey(`eu-prod/${ID}`)).toBe(true);
    expect(isConnectionKey(`EU/${ID}`)).toBe(false);
    expect(isConnectionKey(`eu-prod/${ID}/x`)).toBe(false);
    expect(isConnectionKey('eu-prod/')).toBe(false);
    expect(normalizeKey(`eu-prod/${ID.toUpperCase()}`)).toBe(`eu-prod/${ID}`);
  });

  test('a reference is prefixed only by a known account; otherwise the whole text is an id or name', () => {
    const accounts = ['us-prod', 'eu-prod'];
    expect(parseConnectionRef(`eu-prod/${ID}`, accounts)).toEqual({ account: 'eu-prod', text: ID });
    expect(parseConnectionRef('EU-PROD/Acme Shop', accounts)).toEqual({ account: 'eu-prod', text: 'Acme Shop' });
    expect(parseConnectionRef('Shopify/Acme', accounts)).toEqual({ account: null, text: 'Shopify/Acme' });
    expect(parseConnectionRef(ID, accounts)).toEqual({ account: null, text: ID });
  });

  test('setting suffixes and names for people', () => {
    expect(accountEnvSuffix('eu-prod')).toBe('EU_PROD');
    expect(nameWithAccount('Acme', ID)).toBe('Acme');
    expect(nameWithAccount('Acme', `eu-prod/${ID}`)).toBe('Acme (eu-prod)');
  });
});
