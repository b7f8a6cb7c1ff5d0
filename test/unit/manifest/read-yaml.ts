/**
 * A reader for the block-YAML subset the manifest uses (mappings, sequences, plain, double-quoted, boolean
 * and integer scalars). Tests use it to prove the YAML says what the manifest object says; it rejects
 * anything outside that subset rather than guessing.
 */
type Node = string | number | boolean | Node[] | { [key: string]: Node };

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

export function readYaml(source: string): { [key: string]: Node } {
  const lines: Line[] = source
    .split('\n')
    .map((raw, i) => ({ raw, no: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'))
    .map(({ raw, no }) => {
      if (raw.includes('\t')) throw new Error(`line ${no}: tab`);
      return { indent: raw.length - raw.trimStart().length, text: raw.trim(), no };
    });
  let pos = 0;

  function scalar(text: string, no: number): Node {
    if (text.startsWith('"')) return JSON.parse(text) as string;
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^-?\d+$/.test(text)) return Number(text);
    if (text === '[]') return [];
    if (text === '{}') return {};
    if (/^['&*!|>%@`{[]/.test(text) || text.includes(': ') || text.includes(' #')) {
      throw new Error(`line ${no}: not a plain scalar: ${text}`);
    }
    return text;
  }

  function block(indent: number): Node {
    const first = lines[pos];
    if (!first || first.indent !== indent) throw new Error(`line ${first?.no}: expected indent ${indent}`);
    return first.text.startsWith('- ') ? sequence(indent) : mapping(indent, {});
  }

  function entry(text: string, no: number, indent: number, into: { [key: string]: Node }): void {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/.exec(text);
    if (!m?.[1]) throw new Error(`line ${no}: expected key: value, got ${text}`);
    if (m[1] in into) throw new Error(`line ${no}: duplicate key ${m[1]}`);
    if (m[2] !== undefined) into[m[1]] = scalar(m[2], no);
    else {
      const next = lines[pos];
      if (!next || next.indent <= indent) throw new Error(`line ${no}: empty block`);
      into[m[1]] = block(next.indent);
    }
  }

  function mapping(indent: number, into: { [key: string]: Node }): { [key: string]: Node } {
    while (pos < lines.length) {
      const line = lines[pos] as Line;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Error(`line ${line.no}: unexpected indent`);
      if (line.text.startsWith('- ')) break;
      pos += 1;
      entry(line.text, line.no, indent, into);
    }
    return into;
  }

  function sequence(indent: number): Node[] {
    const out: Node[] = [];
    while (pos < lines.length) {
      const line = lines[pos] as Line;
      if (line.indent !== indent || !line.text.startsWith('- ')) break;
      pos += 1;
      const rest = line.text.slice(2);
      if (/^[A-Za-z_][A-Za-z0-9_]*:( |$)/.test(rest)) {
        const item: { [key: string]: Node } = {};
        entry(rest, line.no, indent + 2, item);
        out.push(mapping(indent + 2, item));
      } else {
        out.push(scalar(rest, line.no));
      }
    }
    return out;
  }

  const doc = mapping(0, {});
  if (pos !== lines.length) throw new Error(`line ${lines[pos]?.no}: unparsed`);
  return doc;
}
