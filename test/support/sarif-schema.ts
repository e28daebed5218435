// The official SARIF 2.1.0 JSON schema, as shipped inside Microsoft's SARIF multitool npm
// packages (one per platform; each carries the same sarif-2.1.0.json, draft 2020-12).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PLATFORMS = ['linux', 'darwin', 'win32'];

/** Loads the SARIF 2.1.0 schema object; throws naming the package when it is not installed. */
export function loadSarifSchema(): object {
  for (const platform of PLATFORMS) {
    let dir: string;
    try {
      dir = dirname(require.resolve(`@microsoft/sarif-multitool-${platform}/package.json`));
    } catch {
      continue;
    }
    const file = join(dir, 'sarif-2.1.0.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as object;
  }
  throw new Error('SARIF schema not found: install the devDependency @microsoft/sarif-multitool (npm ci)');
}
