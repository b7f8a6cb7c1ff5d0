#!/usr/bin/env node
/**
 * `npm start`'s pre-step: compile only when a source or build setting is newer than the last build, so a
 * start over a current dist/ costs a few file stats instead of a full `tsc` run. A fresh clone (no dist/)
 * builds as before. `--check` only reports (exit 1 when a build is needed).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'dist', 'main.js');
const inputs = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle-main.mjs'];

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestUnder(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  // A deleted or renamed file changes its directory's mtime.
  return Math.max(newest, statSync(dir).mtimeMs);
}

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.NaN;
  }
};

export function buildNeeded() {
  const built = mtime(output);
  if (Number.isNaN(built)) return true;
  const sources = Math.max(newestUnder(path.join(root, 'src')), ...inputs.map((f) => mtime(path.join(root, f)) || 0));
  return sources > built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const needed = buildNeeded();
  if (process.argv.includes('--check')) process.exit(needed ? 1 : 0);
  if (needed) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
}
