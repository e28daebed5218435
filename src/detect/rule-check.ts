// The rule linter: the examples in the YAML files are the rules' unit tests. Every example runs
// through the full matcher (keyword prefilter included, so a keyword list that misses its own
// example is caught) and every negative example must stay silent for its rule.
import type { Rule } from '../types.js';
import { type CompiledRules, compileRules, matchFileName, scanBlob } from './matcher.js';
import { compileAllow } from './allow.js';
import { compileByteRegex } from './re2.js';
import { RULE_ID_PATTERN } from './rule-fields.js';
import { hasAnalyzer } from './analyzers.js';
import { hasValidator } from './validators.js';

/** Examples every rule must have: the README's rule format promises these. */
export const MIN_EXAMPLES = 2;
export const MIN_NEGATIVE_EXAMPLES = 1;

/** One thing wrong with one rule. */
export interface RuleProblem {
  /** The rule concerned. */
  ruleId: string;
  /** The file it came from. */
  file: string;
  /** What is wrong, in words. */
  message: string;
  /** The example concerned, when the problem is about one. */
  example?: string;
}

// Problems that make a rule uncompilable; such rules are left out of the example runs.
function checkStructure(rule: Rule): string[] {
  const problems: string[] = [];
  if (!RULE_ID_PATTERN.test(rule.id)) problems.push(`id must match ${RULE_ID_PATTERN.source}`);
  const key = rule.filename === undefined ? 'pattern' : 'filename';
  try {
    const groups = compileByteRegex(rule.filename ?? rule.pattern).groupCount;
    if (rule.secretGroup > groups) {
      problems.push(`secretGroup ${rule.secretGroup} but the pattern has ${groups} group(s)`);
    }
  } catch (err) {
    problems.push(`${key} does not compile under RE2: ${(err as Error).message}`);
  }
  if (rule.gate !== undefined) {
    try {
      compileByteRegex(rule.gate);
    } catch (err) {
      problems.push(`gate does not compile under RE2: ${(err as Error).message}`);
    }
  }
  try {
    compileAllow(rule.allow);
  } catch (err) {
    problems.push(`allow pattern does not compile under RE2: ${(err as Error).message}`);
  }
  if (rule.validate !== undefined && !hasValidator(rule.validate)) {
    problems.push(`unknown validator "${rule.validate}"`);
  }
  if (rule.analyzer !== undefined && !hasAnalyzer(rule.analyzer)) {
    problems.push(`unknown analyzer "${rule.analyzer}"`);
  }
  return problems;
}

// A filename rule's examples are file names; a content rule's are file contents.
function findOwn(compiled: CompiledRules, rule: Rule, text: string) {
  const matches =
    rule.filename === undefined
      ? scanBlob(compiled, Buffer.from(text, 'utf8'), 'example').matches
      : matchFileName(compiled, text, 'example');
  return matches.filter((m) => m.ruleId === rule.id);
}

function checkExamples(compiled: CompiledRules, rule: Rule): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const report = (message: string, example?: string) =>
    problems.push({ ruleId: rule.id, file: rule.file, message, ...(example === undefined ? {} : { example }) });
  // Two examples show the pattern is not fitted to one string; a negative one shows where it stops.
  if (rule.examples.length < MIN_EXAMPLES) report(`rule needs at least ${MIN_EXAMPLES} examples (has ${rule.examples.length})`);
  if (rule.negativeExamples.length < MIN_NEGATIVE_EXAMPLES)
    report(`rule needs at least ${MIN_NEGATIVE_EXAMPLES} negative example (has ${rule.negativeExamples.length})`);
  for (const example of rule.examples) {
    const own = findOwn(compiled, rule, example);
    if (own.length === 0) {
      report('example is not found by the matcher (check keywords, pattern, allow, minEntropy)', example);
    } else if (own.every((m) => m.validation === 'invalid')) {
      report(`example fails validator "${rule.validate}"`, example);
    }
  }
  for (const example of rule.negativeExamples) {
    const own = findOwn(compiled, rule, example);
    if (own.length > 0) report(`negative example matches (secret "${own[0]?.secret}")`, example);
  }
  return problems;
}

/**
 * Lints rules: ids unique and well-formed, patterns and allow regexes compile under RE2, the
 * secret group exists, the validator is known, at least one example, every example found by the
 * full matcher (and passing its validator), no negative example matched. Empty when all is well.
 */
export function checkRules(rules: Rule[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  const sound: Rule[] = [];
  for (const rule of rules) {
    const structural = checkStructure(rule);
    if (seen.has(rule.id)) structural.push('duplicate rule id');
    seen.add(rule.id);
    for (const message of structural) problems.push({ ruleId: rule.id, file: rule.file, message });
    if (structural.length === 0) sound.push(rule);
  }
  // Examples run against all sound rules together, as a real scan would compile them.
  const compiled = compileRules(sound);
  for (const rule of sound) problems.push(...checkExamples(compiled, rule));
  return problems;
}
