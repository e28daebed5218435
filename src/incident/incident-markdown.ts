// The incident report (report-model.ts) laid out as Markdown.
import type { Block, ReportModel } from './report-model.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return [`### ${b.text}`, ''];
    case 'paragraph':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((i) => `- ${i}`), ''];
    case 'table':
      return [`| ${b.head.join(' | ')} |`, `|${b.head.map(() => '---|').join('')}`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
    case 'timeline':
      return ['| when | what |', '|---|---|', ...b.events.map((e) => `| ${e.time} | ${cell(e.label)} |`), ''];
  }
}

/** The report as Markdown. */
export function renderIncidentMarkdown(model: ReportModel): string {
  const lines = [`# ${model.title}`, '', model.subtitle, ''];
  for (const s of model.sections) lines.push(`## ${s.title}`, '', ...s.blocks.flatMap(block));
  return lines.join('\n');
}
