// Decides how a blob's bytes are scanned. Patterns run on UTF-8 bytes, so UTF-16 text (common
// for Windows .reg, .ps1 and some .config files) is converted first; other blobs with NUL bytes
// are binary and skipped. Invalid UTF-8 is not an encoding of its own: it is scanned as it is.

/** How a blob is scanned. `utf8` covers ASCII, UTF-8 and invalid UTF-8 alike. */
export type TextKind = 'utf8' | 'utf16le' | 'utf16be' | 'binary';

/** Only this much of a blob's head is inspected, as git and gitleaks do. */
export const SNIFF_BYTES = 8192;

// Share of NULs in one byte lane (odd or even offsets) above which the head may be UTF-16
// holding mostly ASCII: "k\0e\0y\0" has a NUL at every odd offset.
const LANE_NUL_SHARE = 0.6;
// Share allowed in the other lane (UTF-16 of U+0100..U+FFFF never has NUL there, but U+0000 may).
const OTHER_LANE_NUL_SHARE = 0.1;
// Of the units whose high byte is NUL, the share whose low byte must be printable ASCII, so that
// 16-bit binary data (samples, pixel values, tables) is not taken for text.
const PRINTABLE_SHARE = 0.9;

function isPrintableAscii(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

// Looks at the head as 16-bit units with the high byte at `high` (1 for LE, 0 for BE).
function looksLikeUtf16(head: Uint8Array, high: 0 | 1): boolean {
  const units = head.length >> 1;
  let highNul = 0;
  let lowNul = 0;
  let printable = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    const hi = head[i + high] as number;
    const lo = head[i + 1 - high] as number;
    if (lo === 0) lowNul++;
    if (hi === 0) {
      highNul++;
      if (isPrintableAscii(lo)) printable++;
    }
  }
  return (
    units >= 2 && highNul >= units * LANE_NUL_SHARE && lowNul <= units * OTHER_LANE_NUL_SHARE && printable >= highNul * PRINTABLE_SHARE
  );
}

function detectUtf16Lanes(head: Uint8Array): TextKind | null {
  if (looksLikeUtf16(head, 1)) return 'utf16le';
  if (looksLikeUtf16(head, 0)) return 'utf16be';
  return null;
}

/** Classifies a blob from its first {@link SNIFF_BYTES} bytes. */
export function classifyText(data: Uint8Array): TextKind {
  if (data.length >= 2) {
    if (data[0] === 0xff && data[1] === 0xfe) return 'utf16le';
    if (data[0] === 0xfe && data[1] === 0xff) return 'utf16be';
  }
  const head = data.subarray(0, SNIFF_BYTES);
  if (head.indexOf(0) === -1) return 'utf8';
  return detectUtf16Lanes(head) ?? 'binary';
}

/**
 * Re-encodes UTF-16 text as UTF-8 (BOM dropped, unpaired surrogates become U+FFFD). Offsets
 * of matches in such a blob refer to this UTF-8 text, not to the original bytes.
 */
export function decodeUtf16(data: Uint8Array, kind: 'utf16le' | 'utf16be'): Buffer {
  let bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength & ~1);
  if (kind === 'utf16be') bytes = Buffer.from(bytes).swap16();
  let text = bytes.toString('utf16le');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return Buffer.from(text, 'utf8');
}

/** A Buffer view of the blob's bytes without copying them. */
export function viewAsBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
