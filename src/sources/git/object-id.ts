// What a git object id looks like in hex: 40 digits (SHA-1) or 64 (SHA-256), lower case.
const HEX_OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Whether `text` is a whole object id in hex, of either hash. */
export function isObjectId(text: string): boolean {
  return HEX_OID.test(text);
}
