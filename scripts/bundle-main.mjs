#!/usr/bin/env node
/**
 * The build's second step (after `tsc`): bundle the server, dist/main.js, into one file. Loading some 220
 * files of our own and the pure-JavaScript dependencies module by module was most of the start-up time
 * (start to ready: about 900 ms unbundled, 770 ms with our modules bundled, about 560 ms with these
 * dependencies too). What stays outside, loaded from node_modules as before:
 *  - better-sqlite3 (a native addon) and pg (loaded only for PostgreSQL);
 *  - @slack/* and ws (Bolt and its clients, kept as published);
 *  - undici (imported on the first Celigo call, not at start).
 * The rest of dist/ (the celigo-bot CLI) is left as tsc wrote it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'dist', 'main.js');

await build({
  entryPoints: [main],
  outfile: main,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pg', '@slack/*', 'ws', 'undici'],
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has none, so give them one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
