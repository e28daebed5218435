// Build step (`npm run compile`, and a package's first-use build): loads and checks the built-in
// rules, then writes their snapshot. A rule that fails its check ends the build with the rule
// error's own message (it names the file, line and key), not a stack trace.
import { BUILTIN_RULES_DIR, loadRuleFiles } from './rule-load.js';
import { SNAPSHOT_FILE, writeRuleSnapshot } from './rule-snapshot.js';

try {
  const rules = loadRuleFiles([BUILTIN_RULES_DIR]);
  writeRuleSnapshot(BUILTIN_RULES_DIR, rules);
  process.stdout.write(`${rules.length} built-in rules written to ${SNAPSHOT_FILE}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
