/**
 * One Bolt listener for a family of ids (the buttons, the modal submissions), handing each request to the
 * handler registered for its id. Bolt runs every incoming request through the matchers of every registered
 * listener, with a fresh copy of the listener arguments for each matcher: with a listener per button and
 * per modal (21 in all) that was about 50 µs of CPU and a sixth of what a `/celigo status` allocated, for
 * listeners that were never going to match (docs/slack.md, "One listener per family").
 */

/** A RegExp that matches exactly these ids and nothing else. */
export function anyOf(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/**
 * The handler for `id`. The listener is registered with `anyOf(Object.keys(handlers))`, so a request whose
 * id has no handler never reaches it; should one, it is a bug, not a user's mistake.
 */
export function handlerFor<H>(handlers: Readonly<Record<string, H>>, id: string): H {
  const handler = Object.hasOwn(handlers, id) ? handlers[id] : undefined;
  if (handler === undefined) throw new Error(`No handler is registered for ${id}.`);
  return handler;
}
