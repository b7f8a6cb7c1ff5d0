import { describe, expect, it } from 'vitest';
import { anyOf, handlerFor } from '../../../src/slack/listeners/dispatch.js';

describe('one listener per family', () => {
  it('matches exactly the given ids, not their prefixes, suffixes or look-alikes', () => {
    const re = anyOf(['open_link', 'home.more']);
    expect(re.test('open_link')).toBe(true);
    expect(re.test('home.more')).toBe(true);
    expect(re.test('open_link_2')).toBe(false);
    expect(re.test('xopen_link')).toBe(false);
    // The dot is literal.
    expect(re.test('homeXmore')).toBe(false);
  });

  it('hands a request to the handler of its id and refuses an id without one', () => {
    const handlers = { a: 'first', b: 'second' };
    expect(handlerFor(handlers, 'b')).toBe('second');
    expect(() => handlerFor(handlers, 'c')).toThrow(/No handler is registered for c/);
    // Inherited properties are not handlers.
    expect(() => handlerFor(handlers, 'toString')).toThrow(/No handler/);
  });
});
