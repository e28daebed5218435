// Whether the text report gets colour. Decided here, from the environment and the stream, so the
// reporters stay pure (they are told `color`, and never look at process or the terminal).

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
