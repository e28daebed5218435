// `credsweep report [findings.json | TARGET...]`: the incident report a responder hands to their
// lead (src/incident): Markdown for people, JSON for tools. Exit 3 when something it should have
// read (CloudTrail, IAM, a target) could not be, since the story may then be missing its worst part.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type AwsActionFlags, lookupOptions, withAwsOptions } from './aws-flags.js';
import { EXIT } from './exit-code.js';
import { findingsFrom } from './findings-input.js';
import { formatOfReportFile, incidentReport } from './incident-report.js';
import { writeOutput } from './write-output.js';

interface ReportFlags extends AwsActionFlags {
  format?: 'md' | 'html' | 'json';
  output?: string;
}

async function runReport(inputs: string[], flags: ReportFlags): Promise<number> {
  // Like `scan --report`: without -f, the output file's extension says which format.
  const format = flags.format ?? (flags.output !== undefined ? formatOfReportFile(flags.output) : 'md');
  const { findings, incomplete } = await findingsFrom(inputs);
  const named = inputs.map((name) => ({
    name,
    sha256: existsSync(name) && name.endsWith('.json') ? createHash('sha256').update(readFileSync(name)).digest('hex') : null,
  }));
  const { text, complete } = await incidentReport(findings, format, lookupOptions(flags), {
    inputs: named,
    scanIssues: incomplete ? ['the scan made for this report could not read everything'] : [],
  });
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
