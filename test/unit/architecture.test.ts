/**
 * Keeps the shape easy to see (docs/architecture.md): domain ← ports ← services; adapters implement ports; slack/,
 * http/ and cli/ call services; only app.ts/main.ts wire concrete adapters (cli/ is a small composition root
 * of its own for the operator commands). Scans import specifiers; type-only imports are allowed across
 * layers where noted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Import {
  readonly from: string;
  readonly spec: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    out.push({ from: path.relative(SRC, file), spec: m[3] as string, typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** The top-level area of src a relative import lands in (`domain`, `services`, `app.ts`…). */
function area(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = path.relative(SRC, path.resolve(path.dirname(path.join(SRC, fromFile)), spec));
  return target.split(path.sep)[0] ?? null;
}

const all = files(SRC).flatMap(importsOf);
const inArea = (a: string) => all.filter((i) => i.from.split(path.sep)[0] === a);
const FRAMEWORKS = /^(@slack\/|undici|kysely|pg$|better-sqlite3|pino|prom-client|zod)/;

describe('dependency direction', () => {
  test('domain imports only domain and Node built-ins', () => {
    const bad = inArea('domain').filter(
      (i) => (area(i.from, i.spec) ?? 'node') !== 'domain' && !i.spec.startsWith('node:'),
    );
    expect(bad).toEqual([]);
  });

  test('ports import only domain, ports and the shared error base', () => {
    const ok = new Set(['domain', 'ports', 'errors.js']);
    const bad = inArea('ports').filter((i) => {
      const a = area(i.from, i.spec);
      return a === null ? !i.spec.startsWith('node:') : !ok.has(a);
    });
    expect(bad).toEqual([]);
  });

  test('services use ports and domain, never adapters, Slack, HTTP or frameworks at run time', () => {
    const okAreas = new Set(['domain', 'ports', 'services', 'errors.js', 'logger.js', 'config.js', 'loop.js']);
    const bad = inArea('services').filter((i) => {
      const a = area(i.from, i.spec);
      if (a === null) return FRAMEWORKS.test(i.spec) && !i.typeOnly;
      if ((a === 'logger.js' || a === 'config.js') && !i.typeOnly) return true;
      return !okAreas.has(a);
    });
    expect(bad).toEqual([]);
  });

  test('src/services holds one folder per use case (plus common/) and index.ts, nothing loose', () => {
    const loose = readdirSync(path.join(SRC, 'services')).filter(
      (name) => name !== 'index.ts' && !statSync(path.join(SRC, 'services', name)).isDirectory(),
    );
    expect(loose).toEqual([]);
  });

  // A folder's helpers stay private to it: another use case sees its contract.ts (types) or its index.ts
  // (docs/architecture.md, "Services by use case").
  test('a use-case folder under services/ reaches another only through its contract.ts or index.ts', () => {
    const bad = inArea('services').filter((i) => {
      const [, folder, file] = i.from.split(path.sep);
      if (file === undefined || !i.spec.startsWith('.')) return false; // services/index.ts wires them all
      const target = path.relative(SRC, path.resolve(path.dirname(path.join(SRC, i.from)), i.spec)).split(path.sep);
      if (target[0] !== 'services') return false;
      const [, otherFolder, otherFile] = target;
      if (otherFile === undefined) return true; // services/index.ts is for callers outside services/
      if (otherFolder === folder || otherFolder === 'common') return false;
      return !['contract.js', 'index.js'].includes(otherFile) || target.length > 3;
    });
    expect(bad).toEqual([]);
  });

  test('the use-case scan sees cross-folder imports (so the check above cannot pass vacuously)', () => {
    const across = inArea('services').filter((i) => {
      const folder = i.from.split(path.sep)[1];
      const target = path.relative(SRC, path.resolve(path.dirname(path.join(SRC, i.from)), i.spec)).split(path.sep);
      return target[0] === 'services' && target.length === 3 && target[1] !== folder && target[1] !== 'common';
    });
    expect(across.length).toBeGreaterThan(5);
  });

  test('adapters never import services, the Slack listeners, HTTP routes or the CLI', () => {
    const bad = inArea('adapters').filter((i) =>
      ['services', 'slack', 'http', 'cli', 'app.ts', 'main.ts'].includes(area(i.from, i.spec) ?? ''),
    );
    expect(bad).toEqual([]);
  });

  test('Slack listeners and HTTP routes call services, not adapters', () => {
    const bad = [...inArea('slack'), ...inArea('http')].filter((i) =>
      ['adapters', 'app.ts', 'main.ts', 'cli'].includes(area(i.from, i.spec) ?? ''),
    );
    expect(bad).toEqual([]);
  });

  test('nothing imports the entry points except the CLI start command', () => {
    const bad = all.filter(
      (i) =>
        ['main.ts', 'app.ts'].includes(area(i.from, i.spec) ?? '') &&
        !['main.ts', 'app.ts', path.join('cli', 'start.ts')].includes(i.from),
    );
    expect(bad).toEqual([]);
  });

  test('each /celigo subcommand handler stands alone: it imports the shared context, never another handler', () => {
    const dir = path.join('slack', 'listeners', 'commands');
    const handlers = all.filter(
      (i) => path.dirname(i.from) === dir && !/(celigo-command|context|index)\.ts$/.test(i.from),
    );
    expect(new Set(handlers.map((i) => i.from)).size).toBeGreaterThanOrEqual(8);
    const bad = handlers.filter((i) => i.spec.startsWith('./') && i.spec !== './context.js');
    expect(bad).toEqual([]);
  });

  test('the shared loop is neutral ground: it imports nothing but the logger', () => {
    const bad = all.filter((i) => i.from === 'loop.ts' && i.spec !== './logger.js');
    expect(bad).toEqual([]);
    expect(all.some((i) => i.from.startsWith('services') && area(i.from, i.spec) === 'loop.js')).toBe(true);
  });

  test('the scan sees the code (so the checks above cannot pass vacuously)', () => {
    for (const a of ['domain', 'ports', 'services', 'adapters', 'slack', 'http', 'cli']) {
      expect(inArea(a).length, a).toBeGreaterThan(0);
    }
    for (const dir of [
      ['slack', 'listeners', 'commands'],
      ['cli', 'doctor'],
      ['services', 'home'],
    ]) {
      expect(all.filter((i) => i.from.startsWith(path.join(...dir) + path.sep)).length, dir.join('/')).toBeGreaterThan(
        0,
      );
    }
  });

  // main.ts hands process.env to loadConfig (as its default argument); everything else gets a Config.
  test('only config.ts and the entry point read process.env', () => {
    const readers = files(SRC).filter((f) =>
      /process\.env\b/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
    );
    expect(readers.map((f) => path.relative(SRC, f)).sort()).toEqual(['config.ts', 'main.ts']);
  });
});
