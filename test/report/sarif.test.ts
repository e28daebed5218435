// The SARIF reporter's real output must validate against the official SARIF 2.1.0 schema and
// carry what GitHub code scanning needs: a location on every result, a fingerprint, levels.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import * as ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sarif, toArtifactUri } from '../../src/report/sarif.js';
import type { ScanResult } from '../../src/types.js';
import { loadSarifSchema } from '../support/sarif-schema.js';
import { CLEAN_RESULT, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

// ajv-formats is CommonJS: under NodeNext its plugin is the namespace's `default`.
const addFormats = (ajvFormats as unknown as { default: FormatsPlugin }).default;

const schema = loadSarifSchema();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifLog {
  runs: Array<{
    tool: {
      driver: { name: string; version: string; rules: Array<{ id: string; helpUri?: string; defaultConfiguration: { level: string } }> };
    };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ descriptor: { id: string } }> }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
      partialFingerprints: Record<string, string>;
      relatedLocations?: unknown[];
      properties: { occurrences: number; reachable: boolean; atHead: boolean };
    }>;
  }>;
}

function render(result: ScanResult): SarifLog {
  return JSON.parse(sarif(result, OPTIONS)) as SarifLog;
}

describe('sarif reporter', () => {
  it.each([
    ['a scan with findings and an issue', SCAN_RESULT],
    ['a clean scan', CLEAN_RESULT],
  ])('validates against the SARIF 2.1.0 schema: %s', (_name, result) => {
    const valid = validate(JSON.parse(sarif(result, OPTIONS)));
    expect(ajv.errorsText(validate.errors), 'schema errors').toBe('No errors');
    expect(valid).toBe(true);
  });

  it('has a schema check that rejects a broken log (so the passes above mean something)', () => {
    const log = JSON.parse(sarif(SCAN_RESULT, OPTIONS));
    log.runs[0].results[0].level = 'critical';
    log.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    log.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = 'a b\\c';
    expect(validate(log)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining([
        '/runs/0/results/0/level',
        '/runs/0/results/1/locations/0/physicalLocation/region/startLine',
        '/runs/0/results/2/locations/0/physicalLocation/artifactLocation/uri',
      ]),
    );
  });

  it('gives every result what GitHub code scanning requires', () => {
    const run = render(SCAN_RESULT).runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'credsweep', version: '0.1.0' });
    expect(run?.results).toHaveLength(SCAN_RESULT.findings.length);
    for (const [i, r] of (run?.results ?? []).entries()) {
      const f = SCAN_RESULT.findings[i];
      expect(r.ruleId).toBe(f?.rule);
      expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/^[^\\ ]+$/);
      expect(r.locations[0]?.physicalLocation.region).toEqual({ startLine: f?.line, startColumn: f?.column, snippet: expect.anything() });
      expect(r.partialFingerprints).toEqual({ 'credsweepFindingId/v1': f?.id });
      expect(r.properties.occurrences).toBe(f?.occurrences.length);
    }
  });

  it('maps severities to levels and lists each used rule once with its help link', () => {
    const run = render(SCAN_RESULT).runs[0];
    expect(run?.results.map((r) => r.level)).toEqual(['error', 'error', 'warning', 'error', 'warning', 'note']);
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual([
      'aws.secret-access-key',
      'aws.access-key-id',
      'generic.password',
      'github.pat-classic',
      'aws.account-id',
    ]);
    expect(run?.tool.driver.rules[0]?.helpUri).toBe('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html');
    expect(run?.tool.driver.rules[0]?.defaultConfiguration.level).toBe('error');
  });

  it('lists every occurrence, the first included, as a related location', () => {
    const related = render(SCAN_RESULT).runs[0]?.results[0]?.relatedLocations as { message: { text: string } }[];
    expect(related).toHaveLength(SCAN_RESULT.findings[0]?.occurrences.length as number);
    expect(related[0]?.message.text).toMatch(/^First seen here in commit/);
    expect(related[1]?.message.text).toMatch(/^Also here/);
  });

  it("names each commit by its subject, in the message and the result's properties", () => {
    const finding = SCAN_RESULT.findings[0];
    if (!finding?.occurrences[0]) throw new Error('fixture without occurrences');
    const withSubject = { ...finding, occurrences: finding.occurrences.map((o) => ({ ...o, subject: 'Add deploy "config"' })) };
    const result = render({ ...SCAN_RESULT, findings: [withSubject] }).runs[0]?.results[0];
    if (!result) throw new Error('no result');
    expect(result.message.text).toContain('("Add deploy "config"")');
    expect((result.relatedLocations as { message: { text: string } }[])[0]?.message.text).toContain('("Add deploy "config"")');
    expect((result.properties as unknown as { subject: string }).subject).toBe('Add deploy "config"');
    const without = { ...finding, occurrences: finding.occurrences.map(({ subject: _, ...o }) => o) };
    expect(render({ ...SCAN_RESULT, findings: [without] }).runs[0]?.results[0]?.message.text).not.toContain('("');
  });

  it('marks an incomplete scan as unsuccessful with one notification per issue', () => {
    const invocation = render(SCAN_RESULT).runs[0]?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.map((n) => n.descriptor.id)).toEqual(['GIT_CORRUPT_OBJECT']);
    expect(render(CLEAN_RESULT).runs[0]?.invocations[0]).toEqual({ executionSuccessful: true });
  });

  it('gives stdin and pathless blobs a location that says what they are', () => {
    const results = render(SCAN_RESULT).runs[0]?.results ?? [];
    expect(results[3]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'stdin', description: { text: 'standard input' } });
  });
});

describe('toArtifactUri', () => {
  it.each([
    ['config/prod.env', 'config/prod.env'],
    ['docs/setup notes.md', 'docs/setup%20notes.md'],
    ['./a/b#c?.txt', 'a/b%23c%3F.txt'],
    ['win\\path\\x.env', 'win/path/x.env'],
    ['C:/x', 'C%3A/x'],
    ['ünï/çødé', '%C3%BCn%C3%AF/%C3%A7%C3%B8d%C3%A9'],
  ])('%s → %s', (path, uri) => {
    expect(toArtifactUri(path)).toBe(uri);
  });
});
