// Decides how a blob's bytes are scanned. Patterns run on UTF-8 bytes, so UTF-16 text (common
// for Windows .reg, .ps1 and some .config files) is converted first; other blobs with NUL bytes
// are binary and skipped. Invalid UTF-8 is not an encoding of its own: it is scanned as it is.

/** How a blob is scanned. `utf8` covers ASCII, UTF-8 and invalid UTF-8 alike. */
export type TextKind = 'utf8' | 'utf16le' | 'utf16be' | 'binary';

/** Only this much of a blob's head is inspected, as git and gitleaks do. */
export const SNIFF_BYTES = 8192;

// Share of NULs in one byte lane (odd or even offsets) above which the head reads as UTF-16
// holding mostly ASCII: "k\0e\0y\0" has a NUL at every odd offset.
const LANE_NUL_SHARE = 0.6;
// Share allowed in the other lane (UTF-16 of U+0100..U+FFFF never has NUL there, but U+0000 may).
const OTHER_LANE_NUL_SHARE = 0.1;

function detectUtf16Lanes(head: Uint8Array): TextKind | null {
  const pairs = head.length >> 1;
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * LANE_NUL_SHARE && evenNul <= pairs * OTHER_LANE_NUL_SHARE) return 'utf16le';
  if (evenNul >= pairs * LANE_NUL_SHARE && oddNul <= pairs * OTHER_LANE_NUL_SHARE) return 'utf16be';
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
