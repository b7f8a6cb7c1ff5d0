import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../src/cli/csv.js';

describe('CSV cells (RFC 4180)', () => {
  it('leaves plain values as they are and writes null as an empty cell', () => {
    expect(csvRow(['link.generate', 3, null, 'ok'])).toBe('link.generate,3,,ok\r\n');
  });

  it('quotes values holding a comma, a quote or a line break, doubling inner quotes', () => {
    expect(csvCell('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
  });

  it('defuses spreadsheet formulas by prefixing a quote to cells starting with = + - @ tab or CR', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('does not touch numbers, which cannot carry a formula', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0)).toBe('0');
  });
});
