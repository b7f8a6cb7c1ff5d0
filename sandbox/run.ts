/**
 * `npm run sandbox [-- --html FILE]`: plays the scripted demo (sandbox/demo.ts) on this machine. Paced for
 * a person when stdout is a terminal; `--html FILE` also writes the final thread as a Slack-like page.
 */
import { writeFile } from 'node:fs/promises';
import { runSandbox } from './demo.js';
import { threadHtml } from './html.js';

const USAGE = 'usage: npm run sandbox [-- --html FILE]';

function parseArgs(argv: readonly string[]): { html?: string } {
  const args: { html?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--html' && argv[i + 1]) {
      args.html = argv[i + 1] as string;
      i += 1;
    } else if (a?.startsWith('--html=')) {
      args.html = a.slice('--html='.length);
    } else {
      throw new Error(a === '--help' || a === '-h' ? USAGE : `unknown argument ${JSON.stringify(a)}\n${USAGE}`);
    }
  }
  return args;
}

try {
  const args = parseArgs(process.argv.slice(2));
  const tty = process.stdout.isTTY === true;
  const result = await runSandbox({
    out: process.stdout,
    pace: tty ? 400 : 0,
    color: tty && !process.env['NO_COLOR'],
  });
  if (args.html) {
    await writeFile(args.html, threadHtml(result));
    process.stdout.write(`Wrote the thread as HTML to ${args.html}\n`);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
