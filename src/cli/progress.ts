// A one-line progress display on stderr for long scans, drawn only on a terminal so logs and
// pipes stay clean. It names the phase, and when the pack indexes have said how many objects
// there are, the share done and the time left at the rate so far. Sizes in binary units (MiB),
// as everywhere else in credsweep's output.
import { formatBytes, formatCount, formatDuration } from '../report/text-summary.js';
import type { Progress } from '../sources/run-context.js';

/** A throttled progress printer; `stop` clears the line. */
export interface ProgressLine {
  update: (p: Progress) => void;
  stop: () => void;
}

/** The progress line's text for `p`, `elapsedMs` after the scan started. */
export function formatProgress(p: Progress, elapsedMs: number): string {
  const secs = Math.max(0.001, elapsedMs / 1000);
  const parts = [`${p.phase}:`];
  if (p.total !== undefined && p.total > 0) {
    const done = Math.min(p.objects, p.total);
    parts.push(`${formatCount(done)} / ${formatCount(p.total)} objects (${Math.floor((done / p.total) * 100)}%),`);
  } else {
    parts.push(`${formatCount(p.objects)} objects,`);
  }
  parts.push(`${formatBytes(p.bytes)} at ${formatBytes(p.bytes / secs)}/s`);
  const rate = p.objects / secs;
  if (p.total !== undefined && p.objects > 0 && p.objects < p.total && rate > 0) {
    parts.push(`· about ${formatDuration(((p.total - p.objects) / rate) * 1000)} left`);
  }
  parts.push(`· ${formatCount(p.findings)} blob(s) with findings`);
  return parts.join(' ');
}

/** Returns a progress line writing to `stream`, or a silent one when it is not a TTY. */
export function createProgressLine(stream: NodeJS.WriteStream, enabled: boolean): ProgressLine {
  if (!enabled || !stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let last = 0;
  let phase = '';
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      // A new phase is drawn at once: the line must never sit on a phase that has ended.
      if (now - last < 200 && p.phase === phase) return;
      last = now;
      phase = p.phase;
      const width = stream.columns ?? 120;
      stream.write(`\r\x1b[2K${formatProgress(p, now - started).slice(0, Math.max(20, width - 1))}`);
      drawn = true;
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
