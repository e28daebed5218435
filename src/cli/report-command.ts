// `credsweep report [findings.json | TARGET...]`: the incident report a responder hands to their
// lead (src/incident): Markdown for people, JSON for tools. Exit 3 when something it should have
// read (CloudTrail, IAM, a target) could not be, since the story may then be missing its worst part.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { EXIT } from './exit-code.js';
import type { Finding } from '../types.js';
import { type AwsActionFlags, findingsFrom, lookupOwners, withAwsOptions } from './keys-command.js';
import { keyIdOf } from './read-findings.js';
import { toolVersion } from './version.js';
import { writeOutput } from './write-output.js';

interface ReportFlags extends AwsActionFlags {
  format?: 'md' | 'html' | 'json';
  output?: string;
}

/** The report's text for `findings` (from a report file or a scan); problems make it incomplete. */
export async function incidentReport(
  findings: Finding[],
  format: 'md' | 'html' | 'json',
  flags: AwsActionFlags,
  inputs: Array<{ name: string; sha256: string | null }>,
  scanIssues: string[],
  times: { scanStartedAt?: string; scanEndedAt?: string } = {},
): Promise<{ text: string; complete: boolean }> {
  const { allProblems, owners, accounts, options } = await lookupOwners(findings, flags);
  const { gatherIncident } = await import('../incident/gather.js');
  const { buildReportModel } = await import('../incident/report-model.js');
  const data = await gatherIncident(findings, owners, accounts, options, keyIdOf);
  data.problems.unshift(...allProblems);
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

async function runReport(inputs: string[], flags: ReportFlags): Promise<number> {
  // Like `scan --report`: without -f, the output file's extension says which format.
  const format = flags.format ?? (flags.output !== undefined ? formatOfReportFile(flags.output) : 'md');
  const { findings, incomplete } = await findingsFrom(inputs);
  const named = inputs.map((name) => ({
    name,
    sha256: existsSync(name) && name.endsWith('.json') ? createHash('sha256').update(readFileSync(name)).digest('hex') : null,
  }));
  const { text, complete } = await incidentReport(
    findings,
    format,
    flags,
    named,
    incomplete ? ['the scan made for this report could not read everything'] : [],
  );
  await writeOutput(text, flags.output);
  return complete ? EXIT.clean : EXIT.incomplete;
}

/** Adds the `report` command to the program. */
export function registerReportCommand(program: Command, setExit: (code: number) => void): void {
  withAwsOptions(
    program
      .command('report')
      .description(
        'write the incident report: per exposed key its timeline, use since exposure and verdict; who pulled the code; what it gave away; what to do',
      )
      .argument('[inputs...]', 'JSON reports (scan -f json -o FILE), or targets to scan', ['.']),
  )
    .addOption(
      new Option('-f, --format <format>', 'md, html (one self-contained file) or json (default: from the -o extension, else md)').choices([
        'md',
        'html',
        'json',
      ]),
    )
    .option('-o, --output <file>', 'write the report to a file (mode 0600)')
    .action(async (inputs: string[], flags: ReportFlags) => setExit(await runReport(inputs, flags)));
}
