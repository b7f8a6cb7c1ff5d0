import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/blocks/home-view.js';
import { connectionOption } from '../../../src/blocks/modals.js';
import { makeLink } from '../adapters/storage/fixtures.js';

const ID = '64f0c2a1b3d4e5f601234567';

describe('the account is named where several accounts share one app', () => {
  it('picker options name a non-default account and leave the default one alone', () => {
    expect(connectionOption({ id: `eu-prod/${ID}`, name: 'Acme Shopify' }).text.text).toBe('Acme Shopify (eu-prod)');
    expect(connectionOption({ id: `eu-prod/${ID}`, name: 'Acme Shopify' }, 'offline').text.text).toBe(
      'Acme Shopify (eu-prod) (offline)',
    );
    expect(connectionOption({ id: ID, name: 'Acme Shopify' }).text.text).toBe('Acme Shopify');
  });

  it('Home tab rows name a non-default account', () => {
    const link = makeLink({ connectionId: `eu-prod/${ID}`, connectionName: 'Acme Shopify', customerLabel: 'Acme' });
    const view = homeView({
      teamId: link.teamId,
      userId: link.requestedBy,
      now: new Date(link.createdAt.getTime() + 60_000),
      mine: { pending: [{ link, threadTs: null }], needsReauthorization: [], recent: [] },
      team: null,
    });
    expect(JSON.stringify(view)).toContain('Acme Shopify (eu-prod)');
  });
});
