// A history may hold hundreds of megabytes of archives (release zips, vendored tarballs). The
// scan threads meet them far faster than the one archive walker opens them, so what waits for
// the walker must be ids, not bytes: memory must not grow with the archives' total size.
import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCliMeasured } from '../support/max-rss.js';

const SECRET = 'xoxb-7730152948-8814306529176-QpZt4RxWm9LcVn2YsKd7HbJe';
const ARCHIVES = 16;

// Written by a child process: Linux starts a child's peak RSS at its parent's RSS when it forks,
// so the test's own process must never hold the 384 MiB it writes. Each archive is a stored zip
// of a made-up token and 24 MiB of random bytes (which neither zip nor git can shrink).
const WRITE_HISTORY = `
const { randomBytes } = require('node:crypto');
const { ZipFile } = require('yazl');
const out = process.stdout;
const write = (b) => new Promise((ok) => (out.write(b) ? ok() : out.once('drain', ok)));
(async () => {
  await write('commit refs/heads/main\\ncommitter T <t@example.com> 1700000000 +0000\\ndata 9\\nreleases\\n');
  for (let i = 0; i < ${ARCHIVES}; i++) {
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('SLACK=${SECRET}\\n'), 'config.env', { compress: false });
    zip.addBuffer(randomBytes(24 << 20), 'noise.bin', { compress: false });
    zip.end();
    const parts = [];
    for await (const part of zip.outputStream) parts.push(part);
    const bytes = Buffer.concat(parts);
    await write(\`M 100644 inline releases/r\${i}.zip\\ndata \${bytes.length}\\n\`);
    await write(bytes);
    await write('\\n');
  }
})();
`;

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

it('384 MiB of archives in history: every one opened, in bounded memory', async () => {
  repo = await makeRepo();
  const made = spawnSync('bash', ['-c', `node -e "$WRITE" | git -C "$REPO" -c core.compression=0 fast-import --quiet`], {
    cwd: process.cwd(),
    env: { ...process.env, WRITE: WRITE_HISTORY, REPO: repo.dir },
    encoding: 'utf8',
  });
  expect(made.status, made.stderr).toBe(0);
  // With the arena limit bin/ would start the scan again with, so the scan itself is measured.
  const run = await runCliMeasured(['scan', repo.dir, '-f', 'json', '--no-progress'], { env: { MALLOC_ARENA_MAX: '2' } });
  expect(run.code, run.stderr).toBe(1);
  const [finding] = JSON.parse(run.stdout) as Array<{ occurrences: Array<{ file: string }> }>;
  expect(finding?.occurrences.map((o) => o.file).sort()).toEqual(
    Array.from({ length: ARCHIVES }, (_, i) => `releases/r${i}.zip!config.env`).sort(),
  );
  // Measured 388 MiB with ids waiting; with the archives' bytes waiting (before e5fb34c), 1,288.
  expect(run.maxRssMiB).toBeLessThan(512);
}, 180_000);
