// The HTML incident report: every value escaped, and a policy that lets nothing leave the page.
import { describe, expect, it } from 'vitest';
import { renderIncidentHtml } from '../../src/incident/incident-html.js';
import type { ReportModel } from '../../src/incident/report-model.js';

describe('the HTML incident report', () => {
  it('escapes hostile values and closes form posts and base-URL changes in its policy', () => {
    const hostile = `<form action="https://evil.example/f"><input name=x></form><base href="https://evil.example/"><img src=x onerror='alert(1)'>`;
    const model = {
      title: hostile,
      subtitle: hostile,
      sections: [
        {
          title: hostile,
          blocks: [
            { kind: 'paragraph', text: hostile },
            { kind: 'table', head: ['v'], rows: [[hostile]] },
          ],
        },
      ],
    } as ReportModel;
    const html = renderIncidentHtml(model);
    expect(html).not.toMatch(/<form|<base|<img|<input/i);
    const policy = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("form-action 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
  });
});
