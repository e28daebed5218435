import { describe, expect, it } from 'vitest';
import { countCodePoints, findLineEnd, findLineStart, LineCursor } from '../../src/detect/line-index.js';

describe('LineCursor', () => {
  const buf = Buffer.from('first\nsé😀cond line\n\nlast', 'utf8');

  it('gives 1-based lines and code-point columns walking forward', () => {
    const cursor = new LineCursor(buf);
    expect(cursor.locate(0)).toEqual({ line: 1, column: 1, lineStart: 0, lineEnd: 5 });
    expect(cursor.locate(3)).toMatchObject({ line: 1, column: 4 });
    const cond = buf.indexOf('cond');
    expect(cursor.locate(cond)).toEqual({ line: 2, column: 4, lineStart: 6, lineEnd: buf.indexOf('\n', 6) });
    expect(cursor.locate(buf.indexOf('line'))).toMatchObject({ line: 2, column: 9 });
    expect(cursor.locate(buf.indexOf('last'))).toEqual({ line: 4, column: 1, lineStart: buf.indexOf('last'), lineEnd: buf.length });
  });

  it('restarts when asked for an earlier offset', () => {
    const cursor = new LineCursor(buf);
    cursor.locate(buf.indexOf('last'));
    expect(cursor.locate(2)).toMatchObject({ line: 1, column: 3 });
  });

  it('puts a newline byte on the line it ends', () => {
    expect(new LineCursor(buf).locate(5)).toMatchObject({ line: 1, column: 6 });
  });
});

describe('line helpers', () => {
  const buf = Buffer.from('ab\ncd\n', 'utf8');
  it('find the line around an offset', () => {
    expect([findLineStart(buf, 4), findLineEnd(buf, 4)]).toEqual([3, 5]);
    expect([findLineStart(buf, 0), findLineEnd(buf, 0)]).toEqual([0, 2]);
    expect(findLineEnd(Buffer.from('no newline'), 3)).toBe(10);
  });

  it('count code points, an invalid byte as one', () => {
    expect(countCodePoints(Buffer.from('é😀a'), 0, 7)).toBe(3);
    expect(countCodePoints(Buffer.from([0xff, 0x41]), 0, 2)).toBe(2);
  });
});
