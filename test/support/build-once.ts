// Vitest global setup: builds src/ into dist/ once before any test file runs. CLI tests spawn
// bin/credsweep.js, which runs the bundle of dist/ in dist/bundle, and the worker pool runs
// dist/scan/worker.js, all compiled output; without this, `npx vitest run test/cli/x.test.ts`
// after an edit in src/ would test yesterday's build.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildOnce(): void {
  const root = resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['dist/detect/write-rule-snapshot.js'], { cwd: root, stdio: 'ignore' });
  execFileSync(process.execPath, ['bin/bundle.mjs'], { cwd: root, stdio: 'inherit' });
}
