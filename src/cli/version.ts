// The version printed by --version and written into SARIF and reports.
import { readFileSync } from 'node:fs';

/** This package's version, from package.json two levels above the compiled file. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
