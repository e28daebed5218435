// The audit log of `revoke`: one JSON line per change made (or tried) in AWS, naming it fully
// (the key, the new key's id, the secret written and its version, the policy put), never a
// secret's value. Its default place is the user's state directory (XDG), never the working
// directory, which is often the leaked repository's checkout. It is appended to without
// following a symbolic link, and its mode is set only on a file this tool created.
import { constants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** One line of the audit log (JSON lines). */
export interface AuditEntry {
  time: string;
  account: string;
  action:
    | 'iam:UpdateAccessKey'
    | 'iam:DeleteAccessKey'
    | 'iam:CreateAccessKey'
    | 'iam:PutRolePolicy'
    | 'iam:PutUserPolicy'
    | 'secretsmanager:CreateSecret'
    | 'secretsmanager:PutSecretValue'
    | 'file:append';
  /** The key acted on; for CreateAccessKey, the new key's id (empty when the call failed). */
  keyId: string;
  user: string;
  status?: 'Inactive' | 'Active';
  /** CreateAccessKey and secret writes: the leaked keys the new key replaces. */
  replaces?: string[];
  /** PutRolePolicy/PutUserPolicy: the role or user and the policy name. */
  policy?: { on: string; name: string };
  /** Secret writes: where (Secrets Manager name or file) and the version id, never the value. */
  secret?: { name: string; versionId: string | null };
  requestId: string | null;
  result: 'ok' | 'error';
  error?: string;
}

/** The default audit log: `$XDG_STATE_HOME/credsweep/audit.jsonl` (`~/.local/state` when unset). */
export function defaultAuditLog(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'credsweep', 'audit.jsonl');
}

// Opens for appending without following a link; creates the file 0600 when it is missing.
async function openForAppend(file: string) {
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW;
  try {
    return await open(file, flags | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const handle = await open(file, flags);
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new Error(`${file} is not a regular file`);
  }
  return handle;
}

/** Fails before any change when the audit log cannot be appended to; creates its folder (0700). */
export async function checkAuditLog(file: string, isDefault: boolean): Promise<void> {
  if (isDefault) await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await openForAppend(file);
  await handle.close();
}

/** Appends `entry` to the audit log at `file`. */
export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  const handle = await openForAppend(file);
  try {
    await handle.appendFile(`${JSON.stringify(entry)}\n`);
  } finally {
    await handle.close();
  }
}

/** The entries of the audit log at `file`; none when it does not exist; bad lines reported through `warn`. */
export async function readAudit(file: string, warn: (line: string) => void): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      warn(line.slice(0, 80));
    }
  }
  return out;
}

/** What the audit log says credsweep did to the keys of one user. */
export interface UserHistory {
  /** Keys credsweep created as replacements (newest last). */
  replacements: string[];
  /** Keys credsweep deleted. */
  deleted: Set<string>;
}

/** The history of `account/user` in the log entries. */
export function userHistory(entries: AuditEntry[], account: string, user: string): UserHistory {
  const out: UserHistory = { replacements: [], deleted: new Set() };
  for (const e of entries) {
    if (e.result !== 'ok' || e.account !== account || e.user !== user) continue;
    if (e.action === 'iam:CreateAccessKey' && e.keyId) out.replacements.push(e.keyId);
    if (e.action === 'iam:DeleteAccessKey') out.deleted.add(e.keyId);
  }
  return out;
}
