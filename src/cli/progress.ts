// A one-line progress display on stderr for long scans, drawn only on a terminal so logs and
// pipes stay clean.
import { formatCount } from '../report/text-summary.js';
import type { Progress } from '../scan/scan-context.js';

/** A throttled progress printer; `stop` clears the line. */
export interface ProgressLine {
  update: (p: Progress) => void;
  stop: () => void;
}

/** Returns a progress line writing to `stream`, or a silent one when it is not a TTY. */
export function createProgressLine(stream: NodeJS.WriteStream, enabled: boolean): ProgressLine {
  if (!enabled || !stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const mb = p.bytes / 1048576;
      const secs = Math.max(0.001, (now - started) / 1000);
      stream.write(
        `\r\x1b[2Kscanning: ${formatCount(p.objects)} objects, ${mb.toFixed(1)} MB, ${(mb / secs).toFixed(1)} MB/s, ${p.findings} blobs with findings`,
      );
      drawn = true;
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
