/**
 * Background rounds (polling, reminders, drift) run on the same event loop that answers Slack within 3 s.
 * Their loops await storage calls that finish without I/O (SQLite answers synchronously), so without help a
 * round over thousands of links holds the loop from start to end, and every Slack request arriving meanwhile
 * waits behind it. `pause()` gives the loop back once `budgetMs` of work has passed since the last turn.
 */
export const ROUND_SLICE_MS = 4;

export type Pause = () => Promise<void>;

export function takingTurns(budgetMs = ROUND_SLICE_MS): Pause {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** The default where nothing is taking turns (a caller outside a round): never pauses. */
export const noPause: Pause = async () => {};
