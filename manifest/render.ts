/**
 * Renders Slack app manifests for other setups than the root `slack-manifest.yml` (Socket Mode).
 * The implementation lives in src/cli so the built CLI (`celigo-bot manifest`) ships it; this entry is for
 * use from a checkout:
 *
 *   npx tsx manifest/render.ts --public-url https://bot.example.com > my-manifest.yml
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderManifest } from '../src/cli/slack-manifest.js';

export {
  BOT_EVENTS,
  BOT_SCOPES,
  buildManifest,
  type ManifestOptions,
  renderManifest,
  SLACK_EVENTS_PATH,
} from '../src/cli/slack-manifest.js';

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const { values } = parseArgs({
    options: { 'public-url': { type: 'string' }, command: { type: 'string' } },
    strict: true,
  });
  process.stdout.write(
    renderManifest({
      ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }),
      ...(values.command === undefined ? {} : { command: values.command }),
    }),
  );
}
