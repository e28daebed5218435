import { describe, expect, it } from 'vitest';
import { csv, formatCsvCell } from '../../src/report/csv.js';
import { CSV_FORMULA_AUTHOR, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

/** A minimal RFC 4180 reader, to check that what we write reads back as the cells we meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('formatCsvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [null, ''],
    [42, '42'],
    [true, 'true'],
  ])('%j → %s', (value, cell) => {
    expect(formatCsvCell(value)).toBe(cell);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=cmd|"/c calc"!A1'])(
    'defuses the formula-like cell %j with a leading quote',
    (value) => {
      const [[cell]] = parseCsv(`${formatCsvCell(value)}\r\n`) as [[string]];
      expect(cell).toBe(`'${value}`);
    },
  );
});

describe('csv reporter', () => {
  const rows = parseCsv(csv(SCAN_RESULT, OPTIONS));

  it('writes a header and one row per finding, every row as wide as the header', () => {
    expect(rows[0]).toEqual([
      'id',
      'rule',
      'kind',
      'severity',
      'confidence',
      'secret',
      'file',
      'line',
      'column',
      'commit',
      'author',
      'email',
      'date',
      'target',
      'source',
      'reachable',
      'atHead',
      'occurrences',
      'identifier',
      'subject',
    ]);
    expect(rows).toHaveLength(SCAN_RESULT.findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(20);
  });

  it('defuses a commit author that is a spreadsheet formula', () => {
    const row = rows.find((r) => r[1] === 'generic.password' && r[8] === '15');
    expect(row?.[10]).toBe(`'${CSV_FORMULA_AUTHOR}`);
    expect(row?.[11]).toBe("'@attacker.example");
    expect(row?.[17]).toBe('2');
  });

  it("names the first occurrence's commit subject, last, as the text and SARIF reports do", () => {
    const row = rows.find((r) => r[1] === 'aws.secret-access-key');
    expect(row?.[19]).toBe('Add production config');
  });

  it('leaves empty cells for what a non-git source lacks', () => {
    const stdin = rows.find((r) => r[14] === 'stdin');
    expect(stdin?.slice(9, 13)).toEqual(['', '', '', '']);
    expect(stdin?.[6]).toBe('');
  });
});
