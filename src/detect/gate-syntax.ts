// A small reader of RE2 syntax, enough for the prefilter's gates, into a tree that
// gate-literals.ts reads texts from and gate-follow.ts walks. It reads the gate as RE2 runs it in
// the prefilter: case-insensitively, ASCII only (a blob holding U+017F or U+212A, the only
// non-ASCII code points (?i) folds into a-z, never reaches the literal search). Whatever it
// does not know (flags, Unicode classes, non-ASCII characters) throws Unsupported, and the gate
// is then left to RE2 whole.

/** A piece of a gate. */
export type Node =
  // One character of `bytes` (256 flags, closed under ASCII case; may hold more than the class,
  // never less). `chars`: its members, lower-cased, when few and all ASCII; `ascii`: it matches
  // one ASCII byte only.
  | { kind: 'chars'; bytes: Uint8Array; chars: string[] | null; ascii: boolean }
  | { kind: 'empty' } // the empty string, or a zero-width assertion read as one
  | { kind: 'none' } // matches nothing
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; item: Node; min: number; max: number };

export class Unsupported extends Error {}

/** A class with more members than this is kept as bytes only, not listed in `chars`. */
const MAX_LISTED = 16;

const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
const isLower = (b: number) => b >= 0x61 && b <= 0x7a;

function chars(bytes: Uint8Array, ascii: boolean): Node {
  for (let b = 0; b < 128; b++) {
    if (!bytes[b]) continue;
    if (isUpper(b)) bytes[b + 0x20] = 1;
    if (isLower(b)) bytes[b - 0x20] = 1;
  }
  let listed: string[] | null = null;
  if (ascii) {
    listed = [];
    for (let b = 0; b < 128; b++) if (bytes[b] && !isUpper(b)) listed.push(String.fromCharCode(b));
    if (listed.length > MAX_LISTED) listed = null;
  }
  return { kind: 'chars', bytes, chars: listed, ascii };
}

function setOf(text: string): Uint8Array {
  const bytes = new Uint8Array(256);
  for (const c of text) bytes[c.charCodeAt(0)] = 1;
  return bytes;
}

function complement(bytes: Uint8Array): Uint8Array {
  return bytes.map((v) => (v ? 0 : 1));
}

const DIGIT = '0123456789';
const WORD = `${DIGIT}ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_`;
const SPACE = '\t\n\v\f\r ';

function charNode(c: string): Node {
  if (c.charCodeAt(0) > 0x7f) throw new Unsupported('non-ASCII character');
  return chars(setOf(c), true);
}

/** Reads a gate; throws Unsupported for syntax it does not know. */
export function readGate(src: string): Node {
  return new Reader(src).parse();
}

class Reader {
  private at = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at !== this.src.length) throw new Unsupported('unbalanced');
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.at];
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) items.push(this.quantified(this.atom()));
    return { kind: 'seq', items };
  }

  private quantified(item: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    const counted = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.at));
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{' && counted !== null) {
      this.at += counted[0].length;
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === '' ? Infinity : Number(counted[3]);
    } else return item;
    if (this.peek() === '?') this.at++; // lazy: the same strings match
    return this.quantified({ kind: 'repeat', item, min, max });
  }

  private atom(): Node {
    const c = this.src[this.at++] as string;
    if (c === '(') {
      // Multi-line mode only changes where `^` and `$` match, and both read as empty here.
      if (this.src.startsWith('?m)', this.at)) {
        this.at += 3;
        return { kind: 'empty' };
      }
      if (this.src.startsWith('?:', this.at)) this.at += 2;
      else if (this.peek() === '?') throw new Unsupported('flags or named group');
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Unsupported('unbalanced');
      return inner;
    }
    if (c === '[') return this.bracket();
    if (c === '.') return chars(complement(setOf('\n')), false);
    if (c === '^' || c === '$') return { kind: 'empty' };
    if (c === '\\') return this.escape(false);
    return charNode(c);
  }

  private escape(inBracket: boolean): Node {
    const c = this.src[this.at];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if ('bBAz'.includes(c) && !inBracket) {
      this.at++;
      return { kind: 'empty' };
    }
    const perl: Record<string, string> = { d: DIGIT, w: WORD, s: SPACE };
    const lower = c.toLowerCase();
    if (perl[lower] !== undefined) {
      this.at++;
      const set = setOf(perl[lower] as string);
      return c === lower ? chars(set, true) : chars(complement(set), false);
    }
    return charNode(this.escapedChar());
  }

  /** The character an escape other than a class stands for (after the backslash). */
  private escapedChar(): string {
    const c = this.src[this.at++] as string;
    if (c === 'x') {
      const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(this.src.slice(this.at));
      if (m === null) throw new Unsupported('\\x');
      this.at += m[0].length;
      return String.fromCodePoint(Number.parseInt(m[1] ?? (m[2] as string), 16));
    }
    const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', a: '\x07' };
    if (named[c] !== undefined) return named[c] as string;
    if (/[0-9a-zA-Z]/.test(c)) throw new Unsupported(`\\${c}`);
    return c;
  }

  /** One member of a bracket (a character or an escape), as bytes; `single` when one character. */
  private member(): { bytes: Uint8Array; ascii: boolean; single: number | null } {
    let c = this.src[this.at++] as string;
    if (c === '\\') {
      if (/[dDwWsS]/.test(this.peek() ?? '')) {
        const e = this.escape(true) as Extract<Node, { kind: 'chars' }>;
        return { bytes: e.bytes, ascii: e.ascii, single: null };
      }
      c = this.escapedChar();
    }
    if (c.charCodeAt(0) > 0x7f) throw new Unsupported('non-ASCII character');
    return { bytes: setOf(c), ascii: true, single: c.charCodeAt(0) };
  }

  private bracket(): Node {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const bytes = new Uint8Array(256);
    let ascii = true;
    for (let first = true; ; first = false) {
      const c = this.src[this.at];
      if (c === undefined) throw new Unsupported('unterminated class');
      if (c === ']' && !first) break;
      if (c === '[' && this.src[this.at + 1] === ':') throw new Unsupported('POSIX class');
      const lo = this.member();
      if (this.peek() === '-' && this.src[this.at + 1] !== ']') {
        this.at++;
        const hi = this.member();
        if (lo.single === null || hi.single === null || hi.single < lo.single) throw new Unsupported('range');
        for (let b = lo.single; b <= hi.single; b++) bytes[b] = 1;
      } else {
        ascii &&= lo.ascii;
        lo.bytes.forEach((v, b) => {
          if (v) bytes[b] = 1;
        });
      }
    }
    this.at++;
    if (negated) return chars(complement(bytes), false);
    return chars(bytes, ascii);
  }
}
