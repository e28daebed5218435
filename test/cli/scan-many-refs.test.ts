// A mirror of a large project holds 100,000 refs (`refs/pull/*`), no attacker needed. Which refs
// reach a finding's commit must cost memory in proportion to refs and commits, not their product.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCliMeasured } from '../support/max-rss.js';

const SECRET = 'xoxb-3920184756-5647382910123-WcRt6YbNz2QmKp8sLhVe4XuD';
const COMMITS = 20_000;
const REFS = 100_000;

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

// One fast-import stream: the secret in the first commit, then a chain of small commits.
function history(): string {
  const lines: string[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const content = i === 0 ? `SLACK=${SECRET}\n` : `step ${i}\n`;
    const file = i === 0 ? 'app.env' : 'steps.txt';
    const message = `c${i}`;
    lines.push('commit refs/heads/main', `mark :${i + 1}`, `committer T <t@example.com> ${1700000000 + i} +0000`);
    lines.push(`data ${message.length}`, message);
    if (i > 0) lines.push(`from :${i}`);
    lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content);
  }
  return `${lines.join('\n')}\n`;
}

it('100,000 refs over 20,000 commits: the finding lists them, in bounded memory', async () => {
  repo = await makeRepo();
  await repo.gitBytes(['fast-import', '--quiet'], history());
  const oids = (await repo.git('rev-list', 'main')).split('\n');
  expect(oids).toHaveLength(COMMITS);
  const packed = Array.from({ length: REFS }, (_, i) => `${oids[i % COMMITS]} refs/pull/${i}/head`);
  writeFileSync(join(repo.dir, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${packed.join('\n')}\n`);
  const run = await runCliMeasured(['scan', repo.dir, '--threads', '1', '-f', 'json', '--no-progress']);
  expect(run.code, run.stderr).toBe(1);
  const [finding] = JSON.parse(run.stdout) as Array<{ occurrences: Array<{ refs: string[] }> }>;
  expect(finding?.occurrences[0]?.refs.length).toBeGreaterThan(0);
  // Measured 330-340 MiB; the old bitset per distinct set took 5.3 GB here.
  expect(run.maxRssMiB).toBeLessThan(512);
}, 120_000);
