// The incident report (report-model.ts) laid out as Markdown. Text in the model mixes our own
// marks (`code` and **strong**) with values taken from the scanned material and from AWS: author
// names, paths, ref names, user agents. Those values must stay text when the Markdown is rendered
// (a path holding `![x](https://…)` or `<img src=…>` would otherwise make the reader's viewer
// fetch from an outside server): everything outside a code span is escaped, a code span's content
// is literal in Markdown anyway, and a value never spans lines.
import type { Block, ReportModel } from './report-model.js';

// What a value could use to become more than text: raw HTML and autolinks (< > &), links and
// images (which need [ ]), a code span (`), a table cell's end (|), and the backslash itself;
// block markers (#, -, +, =, >, 1.) matter only where a line starts. Emphasis is left alone: it
// changes how text looks, not what the viewer fetches.
const SPECIAL = /[\\`[\]<>|&]/g;

function escapeText(text: string, lineStart = false): string {
  const inline = text
    .replace(/[\r\n]+/g, ' ')
    .replace(SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/\b(https?|ftp):\/\//gi, '$1\\://') // no bare-URL autolink
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
  return lineStart ? inline.replace(/^(\s*)([#+\-=])/, '$1\\$2').replace(/^(\s*\d+)\./, '$1\\.') : inline;
}

// Our marks are kept, with what is inside them escaped (code spans need no escaping: they are
// literal, and cannot contain a backtick that would end them early, by the pattern).
// In a table cell a pipe ends the cell even inside a code span unless escaped (GFM).
function inline(text: string, inTable = false): string {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\r\n]+)`|\*\*([^*\r\n]+)\*\*/g)) {
    out.push(escapeText(text.slice(last, m.index), last === 0 && !inTable));
    const code = inTable ? m[1]?.replace(/\|/g, '\\|') : m[1];
    out.push(code !== undefined ? `\`${code}\`` : `**${escapeText(m[2] as string)}**`);
    last = (m.index as number) + m[0].length;
  }
  out.push(escapeText(text.slice(last), last === 0 && !inTable));
  return out.join('');
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return [`### ${inline(b.text)}`, ''];
    case 'paragraph':
      return [inline(b.text), ''];
    case 'list':
      return [...b.items.map((i) => `- ${inline(i)}`), ''];
    case 'table':
      return [
        `| ${b.head.map((h) => inline(h, true)).join(' | ')} |`,
        `|${b.head.map(() => '---|').join('')}`,
        ...b.rows.map((r) => `| ${r.map((c) => inline(c, true)).join(' | ')} |`),
        '',
      ];
    case 'timeline':
      return ['| when | what |', '|---|---|', ...b.events.map((e) => `| ${escapeText(e.time)} | ${inline(e.label, true)} |`), ''];
  }
}

/** The report as Markdown. */
export function renderIncidentMarkdown(model: ReportModel): string {
  const lines = [`# ${inline(model.title)}`, '', inline(model.subtitle), ''];
  for (const s of model.sections) lines.push(`## ${inline(s.title)}`, '', ...s.blocks.flatMap(block));
  return lines.join('\n');
}
