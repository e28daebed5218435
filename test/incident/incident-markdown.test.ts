// Values from the scanned material (author names, paths, refs) and from AWS (user agents) stay
// text when the Markdown report is rendered: no image, link or HTML of theirs reaches the reader's
// viewer. Checked by rendering with a real CommonMark renderer, HTML and bare-URL links on.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderIncidentMarkdown } from '../../src/incident/incident-markdown.js';
import type { ReportModel } from '../../src/incident/report-model.js';

const HOSTILE = [
  '![pixel](https://evil.example/p.png)',
  '<img src="https://evil.example/i.png">',
  '[click me](https://evil.example/go)',
  '<https://evil.example/auto>',
  'https://evil.example/bare and www.evil.example',
  '<script>alert(1)</script>',
  '# not a heading',
  '- not a list',
  '1. not a list',
  'pipe | in a cell',
  'two\nlines',
  '**bold** and `code <img src=https://evil.example/c.png>`',
  '[ref]: https://evil.example/ref',
];

function hostileModel(): ReportModel {
  const value = (i: number) => HOSTILE[i % HOSTILE.length] as string;
  return {
    title: `Incident ${value(0)}`,
    subtitle: value(6),
    sections: [
      {
        title: value(7),
        blocks: [
          { kind: 'heading', text: value(1) },
          ...HOSTILE.map((text) => ({ kind: 'paragraph' as const, text })),
          { kind: 'list', items: HOSTILE },
          { kind: 'table', head: ['who', 'where'], rows: HOSTILE.map((h, i) => [h, value(i + 1)]) },
          { kind: 'timeline', events: HOSTILE.map((label) => ({ time: '2026-01-02T03:04:05Z', label, tone: 'bad' as const })) },
        ],
      },
    ],
  } as ReportModel;
}

describe('the Markdown incident report', () => {
  it('renders every hostile value as text: no image, link, HTML, heading or list of theirs', () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(renderIncidentMarkdown(hostileModel()));
    expect(html).not.toMatch(/<img|<a |<script|<h3>not|<li>not a list|<ol/i);
    expect(html).not.toMatch(/<[^>]+\s(?:src|href)=/);
    // Still readable: the values are there as text.
    expect(html).toContain('evil.example/p.png');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<code>code &lt;img src=https://evil.example/c.png&gt;</code>');
    // The table keeps its two columns despite a pipe in a value.
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect(row.match(/<t[dh]/g)?.length).toBe(2);
  });
});
