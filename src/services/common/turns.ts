/**
 * Background rounds (polling, reminders, drift) run on the same event loop that answers Slack within 3 s.
 * Their loops await storage calls that finish without I/O (SQLite answers synchronously), so without help a
 * round over thousands of links holds the loop from start to end, and every Slack request arriving meanwhile
 * waits behind it. `pause()` gives the loop back once `budgetMs` of work has passed since the last turn.
 *
 * Giving the loop back is not enough while people are waiting: interleaved, a round still takes half the
 * CPU, and a command answered during a round over 4,000 links took half as long again at p99. So while
 * `busy()` says Slack work is waiting or running, the round steps aside, up to STEP_ASIDE_MAX_MS per slice;
 * under endless load it still moves (a slice per step), only slower. Nobody waits for a poll round.
 */
export const ROUND_SLICE_MS = 4;
/** The longest a round waits per slice for Slack work to finish before it takes its next slice anyway. */
export const STEP_ASIDE_MAX_MS = 100;
const STEP_ASIDE_CHECK_MS = 2;

export type Pause = () => Promise<void>;

export interface TurnOptions {
  /** Slack work is waiting or running (ServiceDeps.foreground): the round steps aside. */
  readonly busy?: (() => boolean) | undefined;
  readonly budgetMs?: number;
  readonly stepAsideMaxMs?: number;
}

export function takingTurns(opts: TurnOptions = {}): Pause {
  const busy = opts.busy ?? (() => false);
  const budgetMs = opts.budgetMs ?? ROUND_SLICE_MS;
  const stepAsideMaxMs = opts.stepAsideMaxMs ?? STEP_ASIDE_MAX_MS;
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    const until = performance.now() + stepAsideMaxMs;
    while (busy() && performance.now() < until) {
      await new Promise<void>((resolve) => setTimeout(resolve, STEP_ASIDE_CHECK_MS));
    }
    since = performance.now();
  };
}

/** The default where nothing is taking turns (a caller outside a round): never pauses. */
export const noPause: Pause = async () => {};
