// Tests assert error codes, not messages (errors.ts); this reads the code a call throws.

/** The `code` of what `fn` throws, or undefined when it does not throw. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
