// Matches a scan's findings to the secrets planted in test/fixtures/recall/ (planted.json) and
// turns the result into recall numbers and markdown tables. Pure: no I/O, so recall.mjs and
// test/detect/recall.test.ts share it. Types are in recall-match.d.mts.
//
// A finding matches a planted entry when one of its places is the entry's file and its secret
// (or, for an AWS pair, its identifier or session token; for a decoded find, the planted value
// decoded) equals the planted value, contains it, or is
// contained in it. The entry counts as found only when such a finding also reports the planted
// line (the line of the secret's first character) in that file. Rules differ in how much they capture (a URL's password or the whole URL; a
// PEM block with or without its last line break; JSON's escaped \n), so values are compared
// without whitespace and without literal \n escapes too.

// A finding shorter than this that happens to sit inside a planted value is a coincidence.
const MIN_CONTAINED = 8;

function normalize(text) {
  return text.replace(/\\r|\\n/g, '').replace(/\s+/g, '');
}

function valuesMatch(found, planted) {
  if (!found || !planted) return false;
  if (found === planted || found.includes(planted)) return true;
  const f = normalize(found);
  const p = normalize(planted);
  if (f.includes(p)) return true;
  return f.length >= MIN_CONTAINED && p.includes(f);
}

function filesOf(finding) {
  const files = new Set([finding.file]);
  for (const o of finding.occurrences ?? []) files.add(o.file);
  return files;
}

function linesIn(finding, file) {
  const lines = new Set(finding.file === file ? [finding.line] : []);
  for (const o of finding.occurrences ?? []) if (o.file === file) lines.add(o.line);
  return lines;
}

// A secret found only after decoding (a base64 PEM in a kubeconfig, docker's base64 user:token)
// is reported as what it decodes to, while the planted value is the encoded text.
function decodedValue(planted) {
  if (!planted || !/^[A-Za-z0-9+/]+={0,2}$/.test(planted)) return null;
  const text = Buffer.from(planted, 'base64').toString('utf8');
  return /^[\x09\x0a\x0d\x20-\x7e]+$/.test(text) ? text : null;
}

function ownValueMatches(finding, planted) {
  return (
    valuesMatch(finding.secret, planted.secret) ||
    (finding.decoded !== undefined && valuesMatch(finding.secret, decodedValue(planted.secret)))
  );
}

/** Whether `finding` is (or carries: key id, session token) the planted secret in the planted file. */
export function findingMatches(finding, planted) {
  if (!filesOf(finding).has(planted.file)) return false;
  return (
    ownValueMatches(finding, planted) ||
    valuesMatch(finding.identifier, planted.secret) ||
    valuesMatch(finding.sessionToken, planted.secret)
  );
}

/**
 * Whether a matching finding reports the planted secret's line. A key id found as the identifier
 * of an AWS pair is reported at its secret's line, so only the secret's own line is checked.
 */
export function lineMatches(finding, planted) {
  if (planted.line === undefined || !ownValueMatches(finding, planted)) return true;
  return linesIn(finding, planted.file).has(planted.line);
}

/** Pairs every planted entry with the findings that match it; findings matching none are unexpected. */
export function matchRecall(planted, findings) {
  const used = new Set();
  const entries = planted.map((p) => {
    const hits = findings.filter((f) => findingMatches(f, p));
    for (const f of hits) used.add(f);
    const atLine = hits.filter((f) => lineMatches(f, p));
    const wrongLines = hits.filter((f) => !lineMatches(f, p)).map((f) => `${f.rule}:${[...linesIn(f, p.file)].join(',')}`);
    return { ...p, found: atLine.length > 0, wrongLines, rules: [...new Set(hits.map((f) => f.rule))] };
  });
  return { entries, unexpected: findings.filter((f) => !used.has(f)) };
}

function tally(entries, keyOf) {
  const groups = new Map();
  for (const e of entries) {
    const key = keyOf(e);
    const g = groups.get(key) ?? { key, planted: 0, found: 0, recall: 0 };
    g.planted++;
    if (e.found) g.found++;
    groups.set(key, g);
  }
  for (const g of groups.values()) g.recall = g.planted === 0 ? 1 : g.found / g.planted;
  return [...groups.values()].sort((a, b) => a.recall - b.recall || a.key.localeCompare(b.key));
}

/** The numbers of a match: overall, per family and per file, what was missed and what was wrongly found. */
export function summarizeRecall(match) {
  const positives = match.entries.filter((e) => e.expect === 'found');
  const negatives = match.entries.filter((e) => e.expect === 'not-found');
  const found = positives.filter((e) => e.found).length;
  return {
    overall: { planted: positives.length, found, recall: positives.length === 0 ? 1 : found / positives.length },
    negatives: { planted: negatives.length, found: negatives.filter((e) => e.found).length },
    byFamily: tally(positives, (e) => e.family),
    byFile: tally(positives, (e) => e.file),
    missed: positives
      .filter((e) => !e.found)
      .map(({ file, family, secret, note, line, wrongLines }) => ({ file, family, secret, note, line, wrongLines })),
    negativesFound: negatives
      .filter((e) => e.found)
      .map(({ file, family, secret, note, rules }) => ({ file, family, secret, note, rules })),
    unexpected: match.unexpected.map((f) => ({
      file: f.file,
      line: f.line,
      rule: f.rule,
      confidence: f.confidence,
      secret: f.secret,
    })),
  };
}

function preview(secret) {
  const flat = secret.replace(/\s+/g, ' ');
  return flat.length > 24 ? `${flat.slice(0, 20)}…` : flat;
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const cell = (text) => String(text).replace(/\|/g, '\\|');

function table(title, rows, head) {
  const lines = [`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** The summary as markdown: recall per family and per file, then the lists a rule author acts on. */
export function formatRecall(summary) {
  const { overall, negatives } = summary;
  const total = ['**all**', overall.planted, overall.found, `**${pct(overall.recall)}**`];
  const parts = [
    `Recall ${overall.found}/${overall.planted} = ${pct(overall.recall)}; planted negatives found: ${negatives.found}/${negatives.planted}; unexpected findings: ${summary.unexpected.length}`,
    table(
      'By family',
      [...summary.byFamily.map((g) => [g.key, g.planted, g.found, pct(g.recall)]), total],
      ['family', 'planted', 'found', 'recall'],
    ),
    table(
      'By file',
      [...summary.byFile.map((g) => [g.key, g.planted, g.found, pct(g.recall)]), total],
      ['file', 'planted', 'found', 'recall'],
    ),
  ];
  if (summary.negativesFound.length > 0) {
    parts.push(
      table(
        'Planted negatives that were found (false positives)',
        summary.negativesFound.map((n) => [n.file, n.family, preview(n.secret), n.rules.join(', '), n.note]),
        ['file', 'family', 'value', 'found by', 'note'],
      ),
    );
  }
  if (summary.missed.length > 0) {
    parts.push(
      table(
        'Planted but not found (or found at another line)',
        summary.missed.map((m) => [
          `${m.file}:${m.line ?? '?'}`,
          m.family,
          preview(m.secret),
          m.wrongLines.length > 0 ? `reported at ${m.wrongLines.join('; ')}` : '',
          m.note,
        ]),
        ['planted at', 'family', 'secret', 'found elsewhere', 'note'],
      ),
    );
  }
  if (summary.unexpected.length > 0) {
    parts.push(
      table(
        'Unexpected findings (match no planted entry)',
        summary.unexpected.map((u) => [`${u.file}:${u.line}`, u.rule, u.confidence, preview(u.secret)]),
        ['where', 'rule', 'confidence', 'secret'],
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
