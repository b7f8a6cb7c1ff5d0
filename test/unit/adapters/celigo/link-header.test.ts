import { describe, expect, it } from 'vitest';
import { nextPageUrl, parseLinkHeader } from '../../../../src/adapters/celigo/link-header.js';

const here = new URL('https://api.integrator.io/v1/connections?include=offline');

describe('parseLinkHeader', () => {
  it('reads next and prev from Celigo’s documented form', () => {
    const links = parseLinkHeader(
      '<https://api.integrator.io/v1/integrations?skip=100&limit=1000>; rel="next", <https://api.integrator.io/v1/integrations?skip=0&limit=1000>; rel="prev"',
    );
    expect(links.get('next')).toBe('https://api.integrator.io/v1/integrations?skip=100&limit=1000');
    expect(links.get('prev')).toBe('https://api.integrator.io/v1/integrations?skip=0&limit=1000');
  });

  it('tolerates unquoted rels, extra parameters, several rels and several headers', () => {
    const links = parseLinkHeader(['<a?x=1>; title="x"; rel=next', '<b>; rel="prev first"']);
    expect(links.get('next')).toBe('a?x=1');
    expect(links.get('prev')).toBe('b');
    expect(links.get('first')).toBe('b');
  });

  it('an absent or empty header has no links', () => {
    expect(parseLinkHeader(undefined).size).toBe(0);
    expect(parseLinkHeader('').size).toBe(0);
  });
});

describe('nextPageUrl', () => {
  it('resolves a relative link against the page just read', () => {
    expect(nextPageUrl('</v1/connections?skip=2>; rel="next"', here)?.toString()).toBe(
      'https://api.integrator.io/v1/connections?skip=2',
    );
  });

  it('returns undefined when there is no next page', () => {
    expect(nextPageUrl('<https://api.integrator.io/v1/connections?skip=0>; rel="prev"', here)).toBeUndefined();
  });

  it('refuses a link to another origin', () => {
    expect(() => nextPageUrl('<https://api.eu.integrator.io/v1/connections?skip=2>; rel="next"', here)).toThrow(
      /another host/,
    );
    expect(() => nextPageUrl('<http://api.integrator.io/v1/connections?skip=2>; rel="next"', here)).toThrow();
  });
});
