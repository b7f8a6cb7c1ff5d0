import { describe, expect, it } from 'vitest';
import { toYaml, yamlScalar } from '../../../src/cli/yaml.js';
import { readYaml } from '../manifest/read-yaml.js';

describe('YAML writer', () => {
  it('writes safe strings plain and quotes anything a YAML reader could misread', () => {
    expect(yamlScalar('chat:write')).toBe('chat:write');
    expect(yamlScalar('/celigo')).toBe('/celigo');
    for (const tricky of [
      'true',
      'no',
      'null',
      '~',
      '123',
      '1.5',
      '#fff',
      'a: b',
      'x #y',
      '- item',
      '',
      ' lead',
      'end:',
      '"q"',
      "'q'",
      '*alias',
      '&anchor',
      '!tag',
      '{a}',
      '[a]',
      '%',
      '@x',
      '`x',
      '|',
      '>',
    ]) {
      const written = yamlScalar(tricky);
      expect(written, tricky).toBe(JSON.stringify(tricky));
    }
  });

  it('round-trips nested mappings, sequences of scalars and of mappings, and empty collections', () => {
    const doc = {
      name: 'Celigo OAuth Links',
      flags: { on: true, off: false, count: 3 },
      list: ['a', 'b:c', 'yes'],
      items: [{ command: '/celigo', should_escape: false, hint: 'link <connection> [customer]' }, { command: '/x' }],
      empty: [],
      nothing: {},
      text: 'quote " and \\ and ’ and\nnewline',
    };
    expect(readYaml(toYaml(doc))).toEqual(doc);
  });

  it('refuses keys and values it cannot write safely', () => {
    expect(() => toYaml({ 'bad key': 'x' })).toThrow(/unsupported key/);
    expect(() => toYaml({ n: Number.NaN })).toThrow(/finite/);
    expect(() => toYaml({ nested: [['a']] })).toThrow(/nested sequences/);
  });
});
