// Build step (`npm run compile`, and the first-use build in bin/first-use-build.mjs): loads and
// checks the built-in rules, then writes their snapshot and their keyword stage's tables, and the
// tokenizer's vocabulary as a table (token-table.ts).
import { KEYWORD_TABLES_FILE } from './keyword-tables.js';
import { prebuildPrefilter } from './prefilter.js';
import { BUILTIN_RULES_DIR, loadRuleFiles } from './rule-load.js';
import { SNAPSHOT_FILE, writeRuleSnapshot } from './rule-snapshot.js';
import { writeTokenTable } from './token-table.js';

const rules = loadRuleFiles([BUILTIN_RULES_DIR]);
writeRuleSnapshot(BUILTIN_RULES_DIR, rules);
// The rules a scan's prefilter gets: those with a pattern, in catalog order (matcher.ts).
prebuildPrefilter(rules.filter((r) => r.filename === undefined));
writeTokenTable();
process.stdout.write(`${rules.length} built-in rules written to ${SNAPSHOT_FILE}, their keyword tables to ${KEYWORD_TABLES_FILE}\n`);
