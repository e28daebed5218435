// Strict reading of one rule mapping from a parsed YAML document. Every problem names the file,
// the line and the key, because rule files are written by hand and a typo ("keyword:", "sevrity")
// must not silently turn a rule off.
import type { Node, Pair, YAMLMap } from 'yaml';
import { RuleError } from '../errors.js';
import type { Confidence, Rule, RuleKind, Severity } from '../types.js';
import { RULE_ID_PATTERN } from './rule-id.js';
import { isCatchAll } from './specificity.js';
import { isMap, lineIn, StrictYaml, type YamlText } from './strict-yaml.js';

export { RULE_ID_PATTERN };

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const KINDS: readonly RuleKind[] = ['secret', 'intel'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

const REQUIRED = ['id', 'name', 'kind', 'severity', 'keywords'] as const;
const OPTIONAL = [
  'pattern',
  'secretGroup',
  'filename',
  'gate',
  'tokenLength',
  'confidence',
  'minEntropy',
  'validate',
  'analyzer',
  'fallback',
  'allow',
  'references',
  'examples',
  'negativeExamples',
  'description',
  'revoke',
] as const;
const KNOWN_KEYS: readonly string[] = [...REQUIRED, ...OPTIONAL];

/** Where a node sits, for error messages: the file and its parsed document. */
export interface NodePlace extends YamlText {
  file: string;
}

/** Line (1-based) of a node's first character, or 0 when the node has no position. */
export function lineOf(place: NodePlace, node: Node | null | undefined): number {
  return lineIn(place, node);
}

/** Builds the RULE_INVALID error: `file:line: rule <id>: key "<key>": problem`. */
export function invalidRule(
  place: Pick<NodePlace, 'file'>,
  line: number,
  key: string | null,
  rule: string | null,
  problem: string,
): RuleError {
  const where = `${place.file}:${line}`;
  const what = [rule === null ? null : `rule ${rule}`, key === null ? null : `key "${key}"`].filter(Boolean).join(': ');
  return new RuleError('RULE_INVALID', `${where}: ${what ? `${what}: ` : ''}${problem}`, {
    file: place.file,
    line,
    key,
    rule,
  });
}

/** The strict reader of a rule file, its errors naming `rule` once its id is known. */
export function ruleReader(place: NodePlace, rule: string | null): StrictYaml {
  return new StrictYaml(place, (line, key, problem) => invalidRule(place, line, key, rule, problem), true);
}

type Fields = Map<string, Pair<Node, Node>>;

function readId(place: NodePlace, map: YAMLMap<Node, Node>, fields: Fields): string {
  const pair = fields.get('id');
  if (pair === undefined) throw invalidRule(place, lineOf(place, map), 'id', null, 'missing key');
  const id = ruleReader(place, null).string(pair, 'id');
  if (!RULE_ID_PATTERN.test(id)) {
    throw invalidRule(place, lineOf(place, pair.value), 'id', id, `id must match ${RULE_ID_PATTERN.source} (family.kebab-name)`);
  }
  return id;
}

/** A rule read from YAML, with the line of each of its keys for later checks. */
export interface ReadRule {
  rule: Rule;
  /** Line of `key`'s value (or of the rule when the key is absent). */
  lineOfKey(key: string): number;
}

/** One rule's keys and how to read them, its errors naming the rule. */
interface RuleMap {
  place: NodePlace;
  map: YAMLMap<Node, Node>;
  fields: Fields;
  id: string;
  r: StrictYaml;
}

const pairOf = (m: RuleMap, key: string) => m.fields.get(key) as Pair<Node, Node>;
const lineOfValue = (m: RuleMap, key: string) => lineOf(m.place, pairOf(m, key).value);

// A rule matches content (pattern + secretGroup) or file names (filename), never both.
function checkRequired(m: RuleMap): void {
  const byName = m.fields.has('filename');
  for (const key of REQUIRED) if (!m.fields.has(key)) throw m.r.error(m.map, key, 'missing key');
  for (const key of ['pattern', 'secretGroup'] as const) {
    if (!byName && !m.fields.has(key)) throw m.r.error(m.map, key, 'missing key');
    if (byName && m.fields.has(key)) {
      throw m.r.fail(lineOfValue(m, key), key, 'a filename rule matches names only: remove "pattern" and "secretGroup"');
    }
  }
}

function readOptional(m: RuleMap, rule: Rule): void {
  const { r, fields } = m;
  const has = (key: string) => fields.has(key);
  if (has('minEntropy')) rule.minEntropy = r.number(pairOf(m, 'minEntropy'), 'minEntropy', false);
  if (has('filename')) rule.filename = r.string(pairOf(m, 'filename'), 'filename');
  if (has('validate')) rule.validate = r.string(pairOf(m, 'validate'), 'validate');
  if (has('analyzer')) rule.analyzer = r.string(pairOf(m, 'analyzer'), 'analyzer');
  if (has('fallback')) rule.fallback = r.boolean(pairOf(m, 'fallback'), 'fallback');
  if (has('gate')) rule.gate = r.string(pairOf(m, 'gate'), 'gate');
  if (has('tokenLength')) {
    const n = r.number(pairOf(m, 'tokenLength'), 'tokenLength', true);
    if (n < 8 || n > 1024) throw r.fail(lineOfValue(m, 'tokenLength'), 'tokenLength', 'expected a whole number from 8 to 1024');
    rule.tokenLength = n;
  }
  // Each says when a rule without keywords runs; a gate may also narrow a rule whose keywords
  // are ordinary words (both must then occur). A tokenLength rule has nothing else to key on.
  const gates = (['gate', 'tokenLength'] as const).filter(has);
  if (gates.length > 0 && (has('filename') || gates.length > 1 || (has('tokenLength') && rule.keywords.length > 0))) {
    const key = gates[gates.length - 1] as string;
    throw r.fail(
      lineOfValue(m, key),
      key,
      'gate and tokenLength are for content rules, only one of them, and tokenLength only without keywords',
    );
  }
  if (has('description')) rule.description = r.string(pairOf(m, 'description'), 'description');
  if (has('revoke')) rule.revoke = r.string(pairOf(m, 'revoke'), 'revoke');
}

function checkMeaning(m: RuleMap, rule: Rule): void {
  if (rule.keywords.some((k) => k.trim() === ''))
    throw m.r.fail(lineOfValue(m, 'keywords'), 'keywords', 'keywords must not be empty strings');
  // Severity means something: the generic and entropy families know only a name and a
  // random-looking value, wrong often enough that they may not claim high or critical unless a
  // validator checks the value.
  if (isCatchAll(rule) && (rule.severity === 'critical' || rule.severity === 'high') && rule.validate === undefined) {
    throw m.r.fail(lineOfValue(m, 'severity'), 'severity', 'a generic or entropy rule without a validator is at most medium severity');
  }
}

/** Reads one rule mapping; pattern compilation is checked by the caller. */
export function readRule(place: NodePlace, node: unknown): ReadRule {
  if (!isMap(node)) throw invalidRule(place, lineOf(place, node as Node), null, null, 'each rule must be a mapping');
  const map = node as YAMLMap<Node, Node>;
  const fields = ruleReader(place, null).fields(map, KNOWN_KEYS);
  const id = readId(place, map, fields);
  const m: RuleMap = { place, map, fields, id, r: ruleReader(place, id) };
  checkRequired(m);
  const { r } = m;
  const byName = fields.has('filename');
  const list = (key: string) => (fields.has(key) ? r.strings(pairOf(m, key), key).map((x) => x.value) : []);
  const rule: Rule = {
    id,
    name: r.string(pairOf(m, 'name'), 'name'),
    kind: r.oneOf(pairOf(m, 'kind'), 'kind', KINDS),
    severity: r.oneOf(pairOf(m, 'severity'), 'severity', SEVERITIES),
    confidence: fields.has('confidence') ? r.oneOf(pairOf(m, 'confidence'), 'confidence', CONFIDENCES) : 'high',
    keywords: list('keywords'),
    pattern: byName ? '' : r.string(pairOf(m, 'pattern'), 'pattern'),
    secretGroup: byName ? 0 : r.number(pairOf(m, 'secretGroup'), 'secretGroup', true),
    allow: list('allow'),
    references: list('references'),
    examples: list('examples'),
    negativeExamples: list('negativeExamples'),
    file: place.file,
  };
  readOptional(m, rule);
  checkMeaning(m, rule);
  const lineOfKey = (key: string) => lineOf(place, fields.get(key)?.value ?? map);
  return { rule, lineOfKey };
}
