// Strict reading of one rule mapping from a parsed YAML document. Every problem names the file,
// the line and the key, because rule files are written by hand and a typo ("keyword:", "sevrity")
// must not silently turn a rule off.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { RuleError } from '../errors.js';
import type { Confidence, Rule, RuleKind, Severity } from '../types.js';
import { isCatchAll } from './specificity.js';

import { RULE_ID_PATTERN } from './rule-id.js';

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
const KNOWN_KEYS = new Set<string>([...REQUIRED, ...OPTIONAL]);

/** Where a node sits, for error messages. */
export interface NodePlace {
  file: string;
  lines: LineCounter;
  /** The document, to resolve aliases (`allow: *placeholders`). */
  doc: Document;
}

// Anchors let a file share one list (e.g. placeholder allow regexes) between rules.
function resolveAlias(place: NodePlace, node: Node | null | undefined): Node | null | undefined {
  return isAlias(node) ? (node.resolve(place.doc) as Node | undefined) : node;
}

/** Line (1-based) of a node's first character, or 0 when the node has no position. */
export function lineOf(place: NodePlace, node: Node | null | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : place.lines.linePos(offset).line;
}

/** Builds the RULE_INVALID error: `file:line: rule <id>: key "<key>": problem`. */
export function invalidRule(place: NodePlace, line: number, key: string | null, rule: string | null, problem: string): RuleError {
  const where = `${place.file}:${line}`;
  const what = [rule === null ? null : `rule ${rule}`, key === null ? null : `key "${key}"`].filter(Boolean).join(': ');
  return new RuleError('RULE_INVALID', `${where}: ${what ? `${what}: ` : ''}${problem}`, {
    file: place.file,
    line,
    key,
    rule,
  });
}

type Fields = Map<string, Pair<Node, Node>>;

function readString(place: NodePlace, pair: Pair<Node, Node>, key: string, rule: string | null): string {
  const v = pair.value;
  if (!isScalar(v) || typeof v.value !== 'string') {
    throw invalidRule(place, lineOf(place, v ?? pair.key), key, rule, 'expected a string');
  }
  return v.value;
}

function readEnum<T extends string>(place: NodePlace, pair: Pair<Node, Node>, key: string, rule: string, allowed: readonly T[]): T {
  const value = readString(place, pair, key, rule);
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidRule(place, lineOf(place, pair.value), key, rule, `"${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function readNumber(place: NodePlace, pair: Pair<Node, Node>, key: string, rule: string, integer: boolean): number {
  const v = pair.value;
  const ok = isScalar(v) && typeof v.value === 'number' && v.value >= 0 && (!integer || Number.isInteger(v.value));
  if (!ok) {
    const expected = integer ? 'expected an integer ≥ 0' : 'expected a number ≥ 0';
    throw invalidRule(place, lineOf(place, v ?? pair.key), key, rule, expected);
  }
  return (v as { value: number }).value;
}

function readStringList(place: NodePlace, pair: Pair<Node, Node>, key: string, rule: string): string[] {
  const v = resolveAlias(place, pair.value);
  if (!isSeq(v)) throw invalidRule(place, lineOf(place, v ?? pair.key), key, rule, 'expected a list of strings');
  // An item that is an alias of another list is spliced in: `allow: [*placeholders, '^x$']`.
  return v.items.flatMap((raw) => {
    const item = resolveAlias(place, raw as Node);
    const items = isSeq(item) && isAlias(raw) ? item.items : [item];
    return items.map((one) => {
      if (!isScalar(one) || typeof one.value !== 'string') {
        throw invalidRule(place, lineOf(place, raw as Node), key, rule, 'expected a list of strings');
      }
      return one.value;
    });
  });
}

function collectFields(place: NodePlace, map: YAMLMap<Node, Node>): Fields {
  const fields: Fields = new Map();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KNOWN_KEYS.has(key)) {
      throw invalidRule(place, lineOf(place, pair.key), key, null, `unknown key (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
    fields.set(key, pair);
  }
  return fields;
}

function readId(place: NodePlace, map: YAMLMap<Node, Node>, fields: Fields): string {
  const pair = fields.get('id');
  if (pair === undefined) throw invalidRule(place, lineOf(place, map), 'id', null, 'missing key');
  const id = readString(place, pair, 'id', null);
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

/** Reads one rule mapping; pattern compilation is checked by the caller. */
export function readRule(place: NodePlace, node: unknown): ReadRule {
  if (!isMap(node)) throw invalidRule(place, lineOf(place, node as Node), null, null, 'each rule must be a mapping');
  const map = node as YAMLMap<Node, Node>;
  const fields = collectFields(place, map);
  const id = readId(place, map, fields);
  for (const key of REQUIRED) {
    if (!fields.has(key)) throw invalidRule(place, lineOf(place, map), key, id, 'missing key');
  }
  // A rule matches content (pattern + secretGroup) or file names (filename), never both.
  const byName = fields.has('filename');
  for (const key of ['pattern', 'secretGroup'] as const) {
    if (!byName && !fields.has(key)) throw invalidRule(place, lineOf(place, map), key, id, 'missing key');
    if (byName && fields.has(key)) {
      const line = lineOf(place, (fields.get(key) as Pair<Node, Node>).value as Node);
      throw invalidRule(place, line, key, id, 'a filename rule matches names only: remove "pattern" and "secretGroup"');
    }
  }
  const get = (key: string) => fields.get(key) as Pair<Node, Node>;
  const has = (key: string) => fields.has(key);
  const list = (key: string) => (has(key) ? readStringList(place, get(key), key, id) : []);
  const rule: Rule = {
    id,
    name: readString(place, get('name'), 'name', id),
    kind: readEnum(place, get('kind'), 'kind', id, KINDS),
    severity: readEnum(place, get('severity'), 'severity', id, SEVERITIES),
    confidence: has('confidence') ? readEnum(place, get('confidence'), 'confidence', id, CONFIDENCES) : 'high',
    keywords: list('keywords'),
    pattern: byName ? '' : readString(place, get('pattern'), 'pattern', id),
    secretGroup: byName ? 0 : readNumber(place, get('secretGroup'), 'secretGroup', id, true),
    allow: list('allow'),
    references: list('references'),
    examples: list('examples'),
    negativeExamples: list('negativeExamples'),
    file: place.file,
  };
  if (has('minEntropy')) rule.minEntropy = readNumber(place, get('minEntropy'), 'minEntropy', id, false);
  if (byName) rule.filename = readString(place, get('filename'), 'filename', id);
  if (has('validate')) rule.validate = readString(place, get('validate'), 'validate', id);
  if (has('analyzer')) rule.analyzer = readString(place, get('analyzer'), 'analyzer', id);
  if (has('fallback')) {
    const v = get('fallback').value;
    if (!isScalar(v) || typeof v.value !== 'boolean') throw invalidRule(place, lineOf(place, v), 'fallback', id, 'expected true or false');
    rule.fallback = v.value;
  }
  if (has('gate')) rule.gate = readString(place, get('gate'), 'gate', id);
  if (has('tokenLength')) {
    const n = readNumber(place, get('tokenLength'), 'tokenLength', id, true);
    if (n < 8 || n > 1024)
      throw invalidRule(place, lineOf(place, get('tokenLength').value), 'tokenLength', id, 'expected a whole number from 8 to 1024');
    rule.tokenLength = n;
  }
  // Each says when a rule without keywords runs; a rule with keywords already has its gate.
  const gates = (['gate', 'tokenLength'] as const).filter(has);
  if (gates.length > 0 && (rule.keywords.length > 0 || byName || gates.length > 1)) {
    const key = gates[gates.length - 1] as string;
    throw invalidRule(
      place,
      lineOf(place, get(key).value),
      key,
      id,
      'gate and tokenLength are for content rules without keywords, and only one of them',
    );
  }
  if (has('description')) rule.description = readString(place, get('description'), 'description', id);
  if (has('revoke')) rule.revoke = readString(place, get('revoke'), 'revoke', id);
  if (rule.keywords.some((k) => k.trim() === '')) {
    throw invalidRule(place, lineOf(place, get('keywords').value), 'keywords', id, 'keywords must not be empty strings');
  }
  // Severity means something: the generic and entropy families know only a name and a
  // random-looking value, wrong often enough that they may not claim high or critical unless a
  // validator checks the value.
  if (isCatchAll(rule) && (rule.severity === 'critical' || rule.severity === 'high') && rule.validate === undefined) {
    throw invalidRule(
      place,
      lineOf(place, get('severity').value),
      'severity',
      id,
      'a generic or entropy rule without a validator is at most medium severity',
    );
  }
  const lineOfKey = (key: string) => lineOf(place, fields.get(key)?.value ?? map);
  return { rule, lineOfKey };
}
