// Installs and removes credsweep's git hooks. Where hooks live is git's to say (`core.hooksPath`,
// often set globally or by husky, is honoured through `git rev-parse --git-path hooks`). An
// existing hook is kept: it is renamed to `<hook>.credsweep-chained` and run first by ours, and
// uninstall puts it back. A hooks folder inside the work tree belongs to a hook manager (husky,
// lefthook) and to the repository's history, so it is not touched: the user is told what to add.
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { runGitCommand } from '../sources/git-cli.js';

/** The hooks credsweep can install. */
export type HookKind = 'pre-commit' | 'pre-push';

/** First line after the shebang of every hook we write; how uninstall knows a hook is ours. */
export const HOOK_MARKER = '# credsweep-hook v1';

/** Where a hook goes. */
export interface HookPlace {
  hooksDir: string;
  hookPath: string;
  chainedPath: string;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The hook script: run any chained hook first, then credsweep from where it was installed. */
export function hookScript(kind: HookKind, nodePath: string, binPath: string): string {
  const args = kind === 'pre-commit' ? 'scan --staged --no-progress' : 'scan --pre-push --no-progress';
  const chained = `"$(dirname "$0")/${kind}.credsweep-chained"`;
  // pre-push gets the pushed refs on stdin; both hooks need them, so they are read once.
  const stdin = kind === 'pre-push';
  return [
    '#!/bin/sh',
    `${HOOK_MARKER}: ${kind}`,
    '# Installed by `credsweep hook install`; `credsweep hook uninstall` removes it and puts back',
    `# the hook it replaced, if any (kept as ${kind}.credsweep-chained and run first).`,
    ...(stdin ? ['input=$(cat)'] : []),
    `if [ -x ${chained} ]; then`,
    `  ${stdin ? `printf '%s\\n' "$input" | ` : ''}${chained} "$@" || exit $?`,
    'fi',
    `if [ -x ${quote(nodePath)} ] && [ -f ${quote(binPath)} ]; then`,
    `  ${stdin ? `printf '%s\\n' "$input" | ` : ''}${quote(nodePath)} ${quote(binPath)} ${args}`,
    'elif command -v credsweep >/dev/null 2>&1; then',
    `  ${stdin ? `printf '%s\\n' "$input" | ` : ''}credsweep ${args}`,
    'else',
    `  echo "credsweep: not found (installed from ${binPath.replaceAll('"', '')}); ${kind} stopped." >&2`,
    `  echo "Reinstall it and run \\\`credsweep hook install\\\` again, or skip this check once with --no-verify." >&2`,
    '  exit 1',
    'fi',
    '',
  ].join('\n');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isOurs(path: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')).includes(HOOK_MARKER);
  } catch {
    return false;
  }
}

/** Finds where `kind` lives for the repository at `cwd`; refuses a hooks folder inside the work tree. */
export async function locateHook(cwd: string, kind: HookKind): Promise<HookPlace> {
  let hooks: string;
  try {
    hooks = (await runGitCommand(['rev-parse', '--git-path', 'hooks'], cwd, { userConfig: true })).trim();
  } catch {
    throw new UsageError('HOOK_NOT_A_REPO', `${cwd} is not inside a git repository`, { cwd });
  }
  const hooksDir = isAbsolute(hooks) ? hooks : resolve(cwd, hooks);
  let workTree: string | null = null;
  try {
    workTree = (await runGitCommand(['rev-parse', '--show-toplevel'], cwd, { userConfig: true })).trim() || null;
  } catch {
    workTree = null; // bare repository
  }
  if (workTree !== null) {
    const inside = relative(workTree, hooksDir);
    if (!inside.startsWith('..') && !isAbsolute(inside) && !inside.split(/[\\/]/).includes('.git')) {
      throw new UsageError(
        'HOOK_MANAGED',
        `hooks for this repository live in ${inside || '.'} (core.hooksPath), inside the work tree, where a hook manager keeps them under version control; credsweep will not rewrite them. Add this line to ${join(inside, kind)} instead:\n  credsweep ${kind === 'pre-commit' ? 'scan --staged' : 'scan --pre-push'}\n(pre-commit framework users: see .pre-commit-hooks.yaml in the credsweep repository)`,
        { hooksDir },
      );
    }
  }
  return { hooksDir, hookPath: join(hooksDir, kind), chainedPath: join(hooksDir, `${kind}.credsweep-chained`) };
}

/** Installs the hook; returns what was done, in words. */
export async function installHook(cwd: string, kind: HookKind, nodePath: string, binPath: string): Promise<string> {
  const place = await locateHook(cwd, kind);
  if (await isOurs(place.hookPath)) {
    await writeFile(place.hookPath, hookScript(kind, nodePath, binPath), { mode: 0o755 });
    return `credsweep ${kind} hook already installed in ${place.hooksDir} (refreshed)`;
  }
  await mkdir(place.hooksDir, { recursive: true });
  let kept = '';
  if (await exists(place.hookPath)) {
    if (await exists(place.chainedPath)) {
      throw new UsageError(
        'HOOK_CHAIN_EXISTS',
        `both ${place.hookPath} and ${place.chainedPath} exist; move one of them away and run again`,
        { ...place },
      );
    }
    await rename(place.hookPath, place.chainedPath);
    kept = `; the existing hook was kept as ${place.chainedPath} and runs first`;
  }
  await writeFile(place.hookPath, hookScript(kind, nodePath, binPath), { mode: 0o755 });
  await chmod(place.hookPath, 0o755);
  return `credsweep ${kind} hook installed in ${place.hookPath}${kept}`;
}

/** Removes our hook and restores the one it replaced; touches nothing that is not ours. */
export async function uninstallHook(cwd: string, kind: HookKind): Promise<string> {
  const place = await locateHook(cwd, kind);
  if (!(await isOurs(place.hookPath))) {
    return (await exists(place.hookPath))
      ? `${place.hookPath} is not credsweep's; left as it is`
      : `no credsweep ${kind} hook in ${place.hooksDir}`;
  }
  await rm(place.hookPath);
  if (await exists(place.chainedPath)) {
    await rename(place.chainedPath, place.hookPath);
    return `credsweep ${kind} hook removed; the previous hook is back in ${place.hookPath}`;
  }
  return `credsweep ${kind} hook removed from ${place.hooksDir}`;
}
