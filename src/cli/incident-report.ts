// The incident report's text, for `report` and `scan --report`: the facts gathered (src/enrich),
// laid out as Markdown, HTML or JSON.
import type { OwnerLookupOptions } from '../aws/key-owner.js';
import type { Finding } from '../types.js';
import { toolVersion } from './version.js';

/** What the report says it was made from. */
export interface ReportScope {
  inputs: Array<{ name: string; sha256: string | null }>;
  scanIssues: string[];
  scanStartedAt?: string;
  scanEndedAt?: string;
}

/** The report's text for `findings` (from a report file or a scan); problems make it incomplete. */
export async function incidentReport(
  findings: Finding[],
  format: 'md' | 'html' | 'json',
  options: OwnerLookupOptions,
  scope: ReportScope,
): Promise<{ text: string; complete: boolean }> {
  // The AWS SDK loads only here.
  const { incidentFacts } = await import('../enrich/incident-facts.js');
  const { buildReportModel } = await import('../incident/report-model.js');
  const data = await incidentFacts(findings, options);
  const { inputs, scanIssues, ...times } = scope;
  const meta = { toolVersion: toolVersion(), generatedAt: new Date().toISOString(), inputs, scanIssues, ...times };
  let text: string;
  if (format === 'json') text = `${JSON.stringify({ meta, ...data }, null, 2)}\n`;
  else if (format === 'html')
    text = (await import('../incident/incident-html.js')).renderIncidentHtml(buildReportModel(data, findings, meta));
  else text = (await import('../incident/incident-markdown.js')).renderIncidentMarkdown(buildReportModel(data, findings, meta));
  return { text, complete: data.problems.length === 0 && scanIssues.length === 0 };
}

/** The format a report file's name asks for. */
export function formatOfReportFile(file: string): 'md' | 'html' | 'json' {
  return file.endsWith('.html') || file.endsWith('.htm') ? 'html' : file.endsWith('.json') ? 'json' : 'md';
}
