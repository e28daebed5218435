// runScan's options for tests that read real targets with one built-in rule (Slack bot tokens,
// the shape their made-up secrets take) on one scan thread.
import { PassThrough } from 'node:stream';
import { emptyIgnoreList } from '../../src/config/ignore-file.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';
import type { ScanOptions } from '../../src/scan/run-scan.js';

/** Options scanning `targets` as history, with `more` on top. */
export function slackTokenScan(targets: string[], more: Partial<ScanOptions> = {}): ScanOptions {
  return {
    targets,
    history: true,
    rules: loadBuiltinRules().filter((r) => r.id === 'slack.bot-token'),
    maxBlobSize: 1 << 20,
    threads: 1,
    followSymlinks: false,
    ignore: emptyIgnoreList(),
    stdin: () => new PassThrough(),
    ...more,
  };
}
