#!/usr/bin/env node
// The `celigo-bot` command (package.json "bin"). Plain ESM so it runs without a build step of its own; the
// commands themselves are compiled from src/cli to dist/cli by `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('celigo-bot: the app is not built yet: run npm run build first\n');
  process.exit(1);
}

const { loadDotEnv } = await import(new URL('../dist/config.js', import.meta.url).href);
const { runCli } = await import(cli.href);

// `celigo-bot audit export | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// Same settings as the app: the environment, plus .env in the current directory (never overriding).
loadDotEnv();
const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
// exitCode rather than exit(): `start` keeps running, and stdout must flush before the process ends.
if (code !== 0) process.exitCode = code;
