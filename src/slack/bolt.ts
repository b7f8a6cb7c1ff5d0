/**
 * Bolt's App and the two receivers the app uses, each loaded from its own file. The package's index also
 * loads the Express and AWS Lambda receivers (express and its dependencies) and the Assistant helpers, which
 * the app never uses: about 70 ms of a 270 ms import of Bolt, a tenth of the start to ready. Bolt is pinned
 * to an exact version, so these paths move only with a deliberate upgrade (the Slack tests would fail).
 * Types still come from '@slack/bolt'; the classes are the same ones its index exports.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Default<T> = { readonly default: T };

export const App = (require('@slack/bolt/dist/App.js') as Default<typeof import('@slack/bolt').App>).default;
export const HTTPReceiver = (
  require('@slack/bolt/dist/receivers/HTTPReceiver.js') as Default<typeof import('@slack/bolt').HTTPReceiver>
).default;
export const SocketModeReceiver = (
  require('@slack/bolt/dist/receivers/SocketModeReceiver.js') as Default<
    typeof import('@slack/bolt').SocketModeReceiver
  >
).default;
