// Types of recall-match.mjs, so test/detect/recall.test.ts can import it under strict TypeScript.

/** One entry of test/fixtures/recall/planted.json. */
export interface Planted {
  /** Path relative to test/fixtures/recall/, `/`-separated. */
  file: string;
  /** The credential family (aws, github, database, ...), for the per-family table. */
  family: string;
  /** The exact planted value as it sits in the file. */
  secret: string;
  /** `found`: a secret the scan must report; `not-found`: a placeholder or reference it must not. */
  expect: 'found' | 'not-found';
  /** What the entry is and why it is hard. */
  note: string;
  /** Line of the secret's first character; a finding must report it there. */
  line?: number;
}

/** The fields of a JSON finding the matcher reads. */
export interface RecallFinding {
  rule: string;
  confidence: string;
  secret: string;
  file: string;
  line: number;
  identifier?: string;
  occurrences?: { file: string; line: number }[];
}

/** A planted entry after matching. */
export interface MatchedEntry extends Planted {
  /** A matching finding reports the planted line. */
  found: boolean;
  /** `rule:lines` of matching findings that report other lines only. */
  wrongLines: string[];
  /** Rules of the findings that matched it. */
  rules: string[];
}

/** Planted entries with their matches, and the findings that matched nothing. */
export interface RecallMatch {
  entries: MatchedEntry[];
  unexpected: RecallFinding[];
}

/** Planted and found counts of one family or file. */
export interface RecallGroup {
  key: string;
  planted: number;
  found: number;
  recall: number;
}

/** What recall.mjs prints with --json. */
export interface RecallSummary {
  overall: { planted: number; found: number; recall: number };
  negatives: { planted: number; found: number };
  byFamily: RecallGroup[];
  byFile: RecallGroup[];
  missed: (Omit<Planted, 'expect'> & { wrongLines: string[] })[];
  negativesFound: (Omit<Planted, 'expect'> & { rules: string[] })[];
  unexpected: { file: string; line: number; rule: string; confidence: string; secret: string }[];
}

/** Whether `finding` is (or carries) the planted secret in the planted file. */
export function findingMatches(finding: RecallFinding, planted: Planted): boolean;
/** Whether a matching finding reports the planted line (not checked for a key id found as an identifier). */
export function lineMatches(finding: RecallFinding, planted: Planted): boolean;
/** Pairs every planted entry with the findings that match it. */
export function matchRecall(planted: Planted[], findings: RecallFinding[]): RecallMatch;
/** Overall, per-family and per-file numbers, and the lists of misses and false positives. */
export function summarizeRecall(match: RecallMatch): RecallSummary;
/** The summary as markdown tables. */
export function formatRecall(summary: RecallSummary): string;
