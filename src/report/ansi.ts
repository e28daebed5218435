// Terminal styling through node:util's styleText. Whether to colour at all is decided by the
// caller (cli/use-color.ts: NO_COLOR, FORCE_COLOR, a terminal) and passed in, so styleText is told
// not to second-guess it from process.stdout. Everything printed comes from the scanned
// repository (paths, author names, snippets, commit messages), and a hostile repository can put
// escape sequences or bidi overrides there to rewrite or hide what the terminal shows, so every
// such string goes through sanitizeForTerminal first.
import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0] & string;

// Each style is a list applied innermost first; single formats nest, so no array support is needed.
const STYLES = {
  bold: ['bold'],
  dim: ['dim'],
  red: ['red'],
  yellow: ['yellow'],
  cyan: ['cyan'],
  boldRed: ['red', 'bold'],
  alarm: ['bgRed', 'whiteBright', 'bold'],
} as const satisfies Record<string, readonly Format[]>;

/** A named text style. */
export type Style = keyof typeof STYLES;

/** Wraps text in a style; the identity when colour is off. */
export type Paint = (style: Style, text: string) => string;

const NO_STREAM_CHECK = { validateStream: false };

/** A painter that emits ANSI codes only when `color` is true. */
export function createPaint(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => STYLES[style].reduce<string>((inner, format) => styleText(format, inner, NO_STREAM_CHECK), text);
}

// C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks (the Trojan Source set).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with control and bidi characters shown as `\x1b`-style or `\u202e`-style escapes. */
export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
