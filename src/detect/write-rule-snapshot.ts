// Build step (`npm run compile`, and the first-use build in bin/first-use-build.mjs): loads and
// checks the built-in rules, then writes their snapshot.
import { BUILTIN_RULES_DIR, loadRuleFiles } from './rule-load.js';
import { SNAPSHOT_FILE, writeRuleSnapshot } from './rule-snapshot.js';

const rules = loadRuleFiles([BUILTIN_RULES_DIR]);
writeRuleSnapshot(BUILTIN_RULES_DIR, rules);
process.stdout.write(`${rules.length} built-in rules written to ${SNAPSHOT_FILE}\n`);
