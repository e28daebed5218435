// The one strict reader of the YAML files people write for credsweep: rule files and
// .credsweep.yaml. Every problem names the line (and key) it is on, unknown keys are rejected, and
// values have the type asked for, because a typo ("disabledRule:", "sevrity") must not silently
// turn something off. The caller says what an error is (file, rule, error code): `fail` makes it.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';

// The YAML parser is some 70 modules; a run without a config file or rule file (a pre-commit
// hook, mostly) should not load it, so it is required on first use instead of imported.
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}
export const isMap = ((node: unknown) => yaml().isMap(node)) as typeof Yaml.isMap;
export const isScalar = ((node: unknown) => yaml().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => yaml().isSeq(node)) as typeof Yaml.isSeq;
const isAlias = ((node: unknown) => yaml().isAlias(node)) as typeof Yaml.isAlias;

/** Makes the error for `problem` at `line` (1-based; 0 when unknown), under `key` or none. */
export type YamlFail = (line: number, key: string | null, problem: string) => Error;

/** A parsed document and how to find the line of a node in it. */
export interface YamlText {
  doc: Document;
  lines: LineCounter;
}

/** Parses `text`, duplicate keys refused; the first syntax error is thrown as `YAML: ...`. */
export function parseStrictYaml(text: string, fail: YamlFail): YamlText {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) throw fail(first.linePos?.[0].line ?? 0, null, `YAML: ${first.message.split('\n')[0]}`);
  return { doc, lines };
}

/** Line (1-based) of a node's first character, or 0 when the node has no position. */
export function lineIn(text: YamlText, node: Node | null | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : text.lines.linePos(offset).line;
}

/** The key of a mapping pair as written ('' for a key that is not a plain value). */
export const keyOf = (pair: Pair<unknown, unknown>): string => (isScalar(pair.key) ? String(pair.key.value) : '');

/** Reads typed values out of one parsed file; every error goes through `fail`. */
export class StrictYaml {
  constructor(
    readonly text: YamlText,
    readonly fail: YamlFail,
    /** Whether anchors may stand in for a list, or for items spliced into one (rule files). */
    private readonly aliases = false,
  ) {}

  /** The same reader, its errors made by `fail` instead (a rule's id known, say). */
  failingWith(fail: YamlFail): StrictYaml {
    return new StrictYaml(this.text, fail, this.aliases);
  }

  line(node: Node | null | undefined): number {
    return lineIn(this.text, node);
  }

  /** The error for `problem` at `node`'s line. */
  error(node: Node | null | undefined, key: string | null, problem: string): Error {
    return this.fail(this.line(node), key, problem);
  }

  /** The key of `pair`; one outside `known` is an error (`unknownProblem`, else the known keys listed). */
  knownKey(pair: Pair<Node, Node>, known: readonly string[], unknownProblem?: string): string {
    const key = keyOf(pair);
    if (!known.includes(key)) throw this.error(pair.key, key, unknownProblem ?? `unknown key (known: ${known.join(', ')})`);
    return key;
  }

  /** The pairs of `map` by key, every key checked first. */
  fields(map: YAMLMap<unknown, unknown>, known: readonly string[], unknownProblem?: string): Map<string, Pair<Node, Node>> {
    const pairs = map.items as Array<Pair<Node, Node>>;
    return new Map(pairs.map((pair) => [this.knownKey(pair, known, unknownProblem), pair]));
  }

  string(pair: Pair<Node, Node>, key: string): string {
    const v = pair.value;
    if (!isScalar(v) || typeof v.value !== 'string') throw this.error(v ?? pair.key, key, 'expected a string');
    return v.value;
  }

  oneOf<T extends string>(pair: Pair<Node, Node>, key: string, allowed: readonly T[]): T {
    const value = this.string(pair, key);
    if (!(allowed as readonly string[]).includes(value))
      throw this.error(pair.value, key, `"${value}" is not one of ${allowed.join(', ')}`);
    return value as T;
  }

  boolean(pair: Pair<Node, Node>, key: string): boolean {
    const v = pair.value;
    if (!isScalar(v) || typeof v.value !== 'boolean') throw this.error(v ?? pair.key, key, 'expected true or false');
    return v.value;
  }

  /** A number ≥ 0, whole when `integer`. */
  number(pair: Pair<Node, Node>, key: string, integer: boolean): number {
    const v = pair.value;
    if (!isScalar(v) || typeof v.value !== 'number' || v.value < 0 || (integer && !Number.isInteger(v.value))) {
      throw this.error(v ?? pair.key, key, integer ? 'expected an integer ≥ 0' : 'expected a number ≥ 0');
    }
    return v.value;
  }

  /** A list of strings, each with its node (for the line of a later error about one item). */
  strings(pair: Pair<Node, Node>, key: string): Array<{ value: string; node: Node }> {
    const v = this.resolve(pair.value);
    if (!isSeq(v)) throw this.error(v ?? pair.key, key, 'expected a list of strings');
    // An item that is an alias of another list is spliced in: `allow: [*placeholders, '^x$']`.
    return v.items.flatMap((raw) => {
      const item = this.resolve(raw as Node);
      const items = this.aliases && isSeq(item) && isAlias(raw) ? item.items : [item];
      return items.map((one) => {
        if (!isScalar(one) || typeof one.value !== 'string') throw this.error(raw as Node, key, 'expected a list of strings');
        return { value: one.value, node: raw as Node };
      });
    });
  }

  // Anchors let a rule file share one list (placeholder allow regexes) between rules.
  private resolve(node: Node | null | undefined): Node | null | undefined {
    return this.aliases && isAlias(node) ? (node.resolve(this.text.doc) as Node | undefined) : node;
  }
}
