// Terminal styles come from node:util's styleText; whether to use them at all is decided once
// (useColor). Everything printed comes from the scanned repository (paths, author names,
// snippets), and a hostile repository can put escape sequences or bidi overrides there to rewrite
// or hide what the terminal shows, so every such string goes through sanitizeForTerminal first.
import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

const STYLES = {
  bold: 'bold',
  dim: 'dim',
  red: 'red',
  yellow: 'yellow',
  cyan: 'cyan',
  boldRed: ['bold', 'red'],
  alarm: ['bold', 'whiteBright', 'bgRed'],
} as const satisfies Record<string, Format>;

/** A named text style. */
export type Style = keyof typeof STYLES;

/** Wraps text in a style; the identity when colour is off. */
export type Paint = (style: Style, text: string) => string;

/** A painter that emits ANSI codes only when `color` is true. */
export function createPaint(color: boolean): Paint {
  // The decision is ours (useColor), so styleText must not second-guess it from process.stdout.
  return color ? (style, text) => styleText(STYLES[style] as Format, text, { validateStream: false }) : (_style, text) => text;
}

/**
 * Whether output to `stream` gets colour: NO_COLOR (any value) turns it off and FORCE_COLOR
 * (other than 0 or false) turns it on, as https://no-color.org and common tools agree; otherwise
 * a terminal gets colour and a file or pipe does not. `--no-color` is applied by the caller.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
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
