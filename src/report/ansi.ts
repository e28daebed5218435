// Terminal output by hand: a few SGR codes need no dependency. Everything printed comes from
// the scanned repository (paths, author names, snippets), and a hostile repository can put
// escape sequences or bidi overrides there to rewrite or hide what the terminal shows, so
// every such string goes through sanitizeForTerminal first.

const STYLES = {
  bold: '1',
  dim: '2',
  red: '31',
  yellow: '33',
  cyan: '36',
  boldRed: '1;31',
  alarm: '1;97;41',
} as const;

/** A named text style. */
export type Style = keyof typeof STYLES;

/** Wraps text in a style; the identity when colour is off. */
export type Paint = (style: Style, text: string) => string;

/** A painter that emits ANSI codes only when `color` is true. */
export function createPaint(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${STYLES[style]}m${text}\x1b[0m` : (_style, text) => text;
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
