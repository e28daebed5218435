// A repository of many small objects, to show that a history scan's memory does not grow with
// the object count. Each commit rewrites one small file in one of 256 directories, so it adds
// four objects (commit, root tree, directory tree, blob): --objects 1000000 makes 250,000
// commits in one `git fast-import` pass. Deterministic for a given count.
// Run: node benchmarks/make-many-objects.mjs /tmp/many-1m [--objects 1000000]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const args = process.argv.slice(2);
const dir = args[0];
const at = args.indexOf('--objects');
const objects = at >= 0 ? Number(args[at + 1]) : 1_000_000;
if (dir === undefined || existsSync(dir) || !(objects > 0)) {
  console.error('usage: node benchmarks/make-many-objects.mjs NEW_DIR [--objects N]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const run = (argv, stdin) =>
  new Promise((resolve, reject) => {
    const child = spawn('git', argv, { cwd: dir, env, stdio: [stdin ? 'pipe' : 'ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(child) : reject(new Error(`git ${argv[0]} exited ${code}`))));
    if (stdin) stdin(child.stdin);
  });

await run(['init', '-q', '--bare', '-b', 'main']);
await run(['fast-import', '--quiet'], async (input) => {
  const commits = Math.ceil(objects / 4);
  const t0 = 1_600_000_000;
  for (let i = 0; i < commits; i++) {
    const content = `value ${i}\n`;
    const path = `d${(i % 256).toString(16).padStart(2, '0')}/f${i % 7}.txt`;
    const message = `commit ${i}`;
    const chunk =
      `commit refs/heads/main\nauthor Dev <dev@example.com> ${t0 + i} +0000\ncommitter Dev <dev@example.com> ${t0 + i} +0000\n` +
      `data ${message.length}\n${message}\nM 100644 inline ${path}\ndata ${content.length}\n${content}\n`;
    if (!input.write(chunk)) await new Promise((resolve) => input.once('drain', resolve));
  }
  input.end();
});
console.log(`${dir}: about ${objects.toLocaleString('en')} objects`);
