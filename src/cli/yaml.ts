/**
 * A small, safe YAML writer for the Slack manifest: block mappings, block sequences, strings, booleans
 * and numbers. No YAML library is needed for that subset. Strings that a YAML reader could take for
 * something else (booleans, numbers, null, anything with `#`, `: `, quotes or leading indicators) are
 * written as JSON strings, which are valid YAML double-quoted scalars.
 */
export type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN = /^[A-Za-z0-9/_.(][A-Za-z0-9 /_.:,()<>|[\]-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMERIC = /^[-+.]?\d/;

export function yamlScalar(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('YAML writer: numbers must be finite');
    return String(v);
  }
  const plain =
    PLAIN.test(v) &&
    !RESERVED.test(v) &&
    !NUMERIC.test(v) &&
    !v.includes(': ') &&
    !v.endsWith(':') &&
    !v.endsWith(' ') &&
    !/[[\]]/.test(v.charAt(0));
  return plain ? v : JSON.stringify(v);
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isMapping = (v: YamlValue): v is { readonly [key: string]: YamlValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isEmpty = (v: YamlValue): boolean => (Array.isArray(v) ? v.length === 0 : isMapping(v) && !Object.keys(v).length);

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value as readonly YamlValue[]) {
      if (isMapping(item) && !isEmpty(item)) {
        // `- key: value` then the other keys aligned under the first one.
        const inner = lines(item, `${indent}  `);
        out.push(`${indent}- ${(inner[0] ?? '').slice(indent.length + 2)}`, ...inner.slice(1));
      } else if (Array.isArray(item) && !isEmpty(item)) {
        throw new Error('YAML writer: nested sequences are not supported');
      } else {
        out.push(`${indent}- ${inline(item)}`);
      }
    }
    return out;
  }
  if (isMapping(value)) {
    const out: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (!KEY.test(key)) throw new Error(`YAML writer: unsupported key ${JSON.stringify(key)}`);
      if ((Array.isArray(v) || isMapping(v)) && !isEmpty(v)) {
        out.push(`${indent}${key}:`);
        // Sequences under a mapping key are indented one level, as Slack's own examples do.
        out.push(...lines(v, `${indent}  `));
      } else {
        out.push(`${indent}${key}: ${inline(v)}`);
      }
    }
    return out;
  }
  return [`${indent}${inline(value)}`];
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (isMapping(v)) return '{}';
  return yamlScalar(v as string | number | boolean);
}

/** Serialises `doc` (a mapping) as block YAML, ending with a newline. */
export function toYaml(doc: { readonly [key: string]: YamlValue }): string {
  return `${lines(doc, '').join('\n')}\n`;
}
