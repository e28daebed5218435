// Builds the demo repository: a small project whose history hides the classic leaks (a key
// committed then "removed", a webhook still at HEAD, a token on a deleted branch). Built with
// isomorphic-git so the demo needs no git binary. The secrets are made up, and assembled from
// pieces so that this source file does not itself look like a leak.
import * as fs from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';

const AWS_ID = ['AK', 'IA', 'QYLPMN5HHHFPZAM2'].join('');
const AWS_SECRET = ['7Gc+q2mBv', 'Xr9TyZ4wLp', '0sKdN8eHj', 'F1aUoQ3iRtY6'].join('');
const SLACK_HOOK = ['https://hooks.slack', '.com/services/', 'T0DEMO1AB/B0DEMO2CD/', 'q8Zx3LmN0pRt6VwYb2KcJf4H'].join('');
const PG_URL = ['postgres://billing:', 'Wq7!xZ2pLm9v', '@db.internal.example:5432/billing'].join('');
// Carries a valid checksum, as a real classic token does, so the validator rates it high.
const GH_TOKEN = ['gh', 'p_', 'Qx7rT2mPvL9sKd4NwB8yZc1HfJ6aE3', '0hLlGz'].join('');

interface Step {
  author: string;
  date: string;
  message: string;
  write?: Record<string, string>;
  remove?: string[];
}

const MAIN: Step[] = [
  {
    author: 'Alice Ops',
    date: '2024-01-10T09:00:00Z',
    message: 'Initial import',
    write: {
      'README.md': '# billing-service\n\nInvoices and payments.\n',
      'app/settings.py': `import os\n\nAWS_ACCESS_KEY_ID = "${AWS_ID}"\nAWS_SECRET_ACCESS_KEY = "${AWS_SECRET}"\nREGION = "eu-west-1"\n`,
    },
  },
  {
    author: 'Bob Dev',
    date: '2024-02-02T14:30:00Z',
    message: 'Add database config',
    write: {
      'config/database.yml': `production:\n  url: ${PG_URL}\n  pool: 5\n`,
    },
  },
  {
    author: 'Alice Ops',
    date: '2024-03-15T11:00:00Z',
    message: 'Read AWS credentials from the environment',
    write: {
      'app/settings.py': 'import os\n\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\nREGION = "eu-west-1"\n',
    },
  },
  {
    author: 'Carol SRE',
    date: '2024-04-20T16:45:00Z',
    message: 'Alerting to Slack',
    write: {
      '.env.production': `SLACK_WEBHOOK_URL=${SLACK_HOOK}\nLOG_LEVEL=info\n`,
    },
  },
];

const DELETED_BRANCH: Step = {
  author: 'Dave Intern',
  date: '2024-05-01T10:00:00Z',
  message: 'WIP: release script',
  write: {
    'scripts/release.sh': `#!/bin/sh\nexport GITHUB_TOKEN=${GH_TOKEN}\ngh release create "$1"\n`,
  },
};

async function apply(dir: string, step: Step): Promise<void> {
  for (const [path, text] of Object.entries(step.write ?? {})) {
    fs.mkdirSync(join(dir, path, '..'), { recursive: true });
    fs.writeFileSync(join(dir, path), text);
    await git.add({ fs, dir, filepath: path });
  }
  for (const path of step.remove ?? []) {
    fs.rmSync(join(dir, path));
    await git.remove({ fs, dir, filepath: path });
  }
  const [name = 'x'] = step.author.split(' ');
  const author = {
    name: step.author,
    email: `${name.toLowerCase()}@example.com`,
    timestamp: Date.parse(step.date) / 1000,
    timezoneOffset: 0,
  };
  await git.commit({ fs, dir, message: step.message, author, committer: author });
}

/** Creates the demo repository in `dir` (an empty directory). */
export async function buildDemoRepo(dir: string): Promise<void> {
  await git.init({ fs, dir, defaultBranch: 'main' });
  for (const step of MAIN.slice(0, 3)) await apply(dir, step);
  // A branch whose only commit holds a token, deleted afterwards: the commit stays in the
  // object store, unreachable, which is exactly what a leaked clone can still give away.
  await git.branch({ fs, dir, ref: 'release-wip', checkout: true });
  await apply(dir, DELETED_BRANCH);
  await git.checkout({ fs, dir, ref: 'main', force: true });
  await git.deleteBranch({ fs, dir, ref: 'release-wip' });
  fs.rmSync(join(dir, 'scripts'), { recursive: true, force: true });
  for (const step of MAIN.slice(3)) await apply(dir, step);
}
