// `credsweep report [findings.json | TARGET...]`: the incident report a responder hands to their
// lead (src/incident): Markdown for people, JSON for tools. Exit 3 when something it should have
// read (CloudTrail, IAM, a target) could not be, since the story may then be missing its worst part.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT } from './exit-code.js';
import { type AwsActionFlags, lookupKeys, withAwsOptions } from './keys-command.js';
import { parseChoice } from './option-parsers.js';
import { keyIdOf } from './read-findings.js';
import { toolVersion } from './version.js';
import { writeOutput } from './write-output.js';

interface ReportFlags extends AwsActionFlags {
  format: string;
  output?: string;
}

async function runReport(inputs: string[], flags: ReportFlags): Promise<number> {
  const format = parseChoice('--format', flags.format, ['md', 'html', 'json'] as const);
  const { findings, incomplete, problems, owners, accounts, options } = await lookupKeys(inputs, flags);
  const { gatherIncident } = await import('../incident/gather.js');
  const { renderIncidentMarkdown } = await import('../incident/incident-markdown.js');
  const { buildReportModel } = await import('../incident/report-model.js');
  const { renderIncidentHtml } = await import('../incident/incident-html.js');
  const data = await gatherIncident(findings, owners, accounts, options, keyIdOf);
  data.problems.unshift(...problems, ...owners.flatMap((o) => o.problems.map((p) => `${o.accessKeyId}: ${p}`)));
  const meta = {
    toolVersion: toolVersion(),
    generatedAt: new Date().toISOString(),
    inputs: inputs.map((name) => ({
      name,
      sha256: existsSync(name) && name.endsWith('.json') ? createHash('sha256').update(readFileSync(name)).digest('hex') : null,
    })),
    scanIssues: incomplete ? ['the scan made for this report could not read everything'] : [],
  };
  const model = buildReportModel(data, findings, meta);
  const text = format === 'md' ? renderIncidentMarkdown(model) : format === 'html' ? renderIncidentHtml(model) : `${JSON.stringify({ meta, ...data }, null, 2)}\n`;
  await writeOutput(text, flags.output);
  return data.problems.length > 0 || incomplete ? EXIT.incomplete : EXIT.clean;
}

/** Adds the `report` command to the program. */
export function registerReportCommand(program: Command, setExit: (code: number) => void): void {
  withAwsOptions(
    program
      .command('report')
      .description('write the incident report: per exposed key its timeline, use since exposure and verdict; who pulled the code; what it gave away; what to do')
      .argument('[inputs...]', 'JSON reports (scan -f json -o FILE), or targets to scan', ['.']),
  )
    .option('-f, --format <format>', 'md, html (one self-contained file) or json', 'md')
    .option('-o, --output <file>', 'write the report to a file (mode 0600)')
    .action(async (inputs: string[], flags: ReportFlags) => setExit(await runReport(inputs, flags)));
}
