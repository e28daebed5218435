// A compressed stream that cannot be decoded: damaged bytes, a stream cut short, a format option
// the decoder does not support. The walker reports it as ARCHIVE_CORRUPT naming the archive.

/** Raised by the bzip2 and xz decoders for bytes they cannot decode; the message says why. */
export class DamagedData extends Error {}
