// A random but seeded history for provenance tests, as a `git fast-import` stream: four
// branches (one to be dropped), merges, renames, deletions and tags, over a few paths and
// contents, three of which hold made-up AWS key ids.
import { createSandbox, fakeKeyId, type Sandbox } from './git-sandbox.js';

/** The file contents the history uses; the ones holding `AKIA` are the secrets. */
export const HISTORY_CONTENTS = ['alpha\n', 'beta\n', 'gamma\n', `k=${fakeKeyId(11)}\n`, `k=${fakeKeyId(12)}\n`, `t=${fakeKeyId(13)}\n`];
const PATHS = ['a.txt', 'x/b.txt', 'x/y/c.txt', 'x/y/d.env', 'z/e.env', 'z/f/g.txt'];

/** The stream of `commits` commits; its branches are main, dev, topic and dropped. */
export function randomHistoryStream(commits = 90): string {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed >>> 8) % n;
  };
  const heads: Record<string, { mark: number; files: Map<string, string> }> = {};
  const out: string[] = [];
  let mark = 0;
  const branches = ['main', 'dev', 'topic', 'dropped'];
  for (let i = 0; i < commits; i++) {
    const branch = i < 3 ? 'main' : (branches[random(4)] as string);
    const head = heads[branch] ?? heads.main;
    const files = new Map(head?.files ?? []);
    const ops: string[] = [];
    for (let k = 0, n = 1 + random(3); k < n; k++) {
      const op = random(10);
      const path = PATHS[random(PATHS.length)] as string;
      if (op < 6 || files.size === 0) {
        const content = HISTORY_CONTENTS[random(HISTORY_CONTENTS.length)] as string;
        files.set(path, content);
        ops.push(`M 100644 inline ${path}\ndata ${content.length}\n${content}`);
      } else if (op < 8 && files.has(path)) {
        files.delete(path);
        ops.push(`D ${path}\n`);
      } else if (files.has(path)) {
        const to = `moved/${path}`;
        files.set(to, files.get(path) as string);
        files.delete(path);
        ops.push(`R ${path} ${to}\n`);
      }
    }
    const parents = head === undefined ? [] : [head.mark];
    const other = branches[random(4)] as string;
    if (random(6) === 0 && heads[other] !== undefined && other !== branch) parents.push((heads[other] as { mark: number }).mark);
    mark++;
    const time = 1_700_000_000 + random(100_000);
    out.push(
      `commit refs/heads/${branch}\nmark :${mark}\nauthor Dev <dev@example.com> ${time} +0000\n` +
        `committer Dev <dev@example.com> ${time} +0000\ndata 2\nc\n` +
        parents.map((p, j) => `${j === 0 ? 'from' : 'merge'} :${p}\n`).join('') +
        `${ops.join('')}\n`,
    );
    heads[branch] = { mark, files };
    if (i % 30 === 29) out.push(`tag v${i}\nfrom :${mark}\ntagger Dev <dev@example.com> ${time} +0000\ndata 1\nt\n`);
  }
  return `${out.join('')}done\n`;
}

/** A sandbox holding that history of `commits` commits, its dropped branch deleted (so its commits are unreachable). */
export function randomHistorySandbox(commits?: number): Sandbox {
  const box = createSandbox();
  box.run(['fast-import', '--quiet', '--done'], { input: randomHistoryStream(commits) });
  box.run(['update-ref', '-d', 'refs/heads/dropped']);
  return box;
}

/** The blob ids of the contents holding a made-up key id: the history's secrets. */
export function historySecretIds(box: Sandbox): string[] {
  return HISTORY_CONTENTS.filter((c) => c.includes('AKIA')).map((c) => box.run(['hash-object', '--stdin'], { input: c }));
}
