// The sweep state (`--state FILE` or `--state s3://BUCKET/KEY`): read at the start of a run (a
// missing file or object is a first run), written at the end. A file gets mode 0600 and an
// object the bucket's own protection, since the state keeps the open findings, secrets included.
import type { AwsOptions } from '../aws/clients.js';
import { ConfigError } from '../errors.js';
import { emptySweepState, type SweepState } from '../sources/sweep-state.js';
import { isS3Target, parseS3Target } from '../sources/s3/s3-target.js';
import { awsRegion } from '../aws/settings.js';
import { readBoundedFile } from '../config/bounded-file.js';
import { writeFileSafely } from '../config/private-file.js';

// A sweep of a whole organisation keeps every open finding; far below this in practice.
const STATE_FILE_LIMIT = 512 << 20;

/** How to reach S3 for a state kept there. */
export interface StateAws extends AwsOptions {
  region?: string;
}

function parseState(text: string, where: string): SweepState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('STATE_INVALID', `state file ${where} is not JSON: ${(err as Error).message}`, { file: where });
  }
  const state = data as Partial<SweepState>;
  if (state.version !== 1 || typeof state.repositories !== 'object' || state.repositories === null) {
    throw new ConfigError('STATE_INVALID', `state file ${where} is not a credsweep sweep state (version 1)`, { file: where });
  }
  return state as SweepState;
}

async function s3Location(where: string, aws: StateAws) {
  const { bucket, prefix } = parseS3Target(where);
  if (prefix === '' || prefix.endsWith('/')) {
    throw new ConfigError('STATE_UNREADABLE', `state ${where}: name an object (s3://BUCKET/KEY), not a bucket or folder`, { file: where });
  }
  const s3 = await import('../aws/s3-text.js');
  return { s3, at: { ...aws, bucket, key: prefix, region: awsRegion(aws.region) } };
}

/** Reads a state file; a missing file is an empty state. */
export function loadStateFile(file: string): SweepState {
  let text: string;
  try {
    text = readBoundedFile(file, STATE_FILE_LIMIT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySweepState();
    throw new ConfigError('STATE_UNREADABLE', `state file ${file} cannot be read: ${(err as Error).message}`, { file });
  }
  return parseState(text, file);
}

/** Reads the state from a file or an S3 object; a missing one is an empty state. */
export async function loadState(where: string, aws: StateAws = {}): Promise<SweepState> {
  if (!isS3Target(where)) return loadStateFile(where);
  const { s3, at } = await s3Location(where, aws);
  let text: string | null;
  try {
    text = await s3.readS3Text(at);
  } catch (err) {
    throw new ConfigError('STATE_UNREADABLE', `state ${where} cannot be read: ${(err as Error).message}`, { file: where });
  }
  return text === null ? emptySweepState() : parseState(text, where);
}

/** Writes the state with mode 0600: atomically (a run killed mid-write leaves the old state whole), never through a symlink. */
export async function saveStateFile(file: string, state: SweepState): Promise<void> {
  try {
    await writeFileSafely(file, `${JSON.stringify(state)}\n`);
  } catch (err) {
    throw new ConfigError('STATE_UNWRITABLE', `state file ${file} cannot be written: ${(err as Error).message}`, { file });
  }
}

/** Writes the state to a file (mode 0600) or an S3 object. */
export async function saveState(where: string, state: SweepState, aws: StateAws = {}): Promise<void> {
  if (!isS3Target(where)) {
    await saveStateFile(where, state);
    return;
  }
  const { s3, at } = await s3Location(where, aws);
  try {
    await s3.writeS3Text(at, `${JSON.stringify(state)}\n`);
  } catch (err) {
    throw new ConfigError('STATE_UNWRITABLE', `state ${where} cannot be written: ${(err as Error).message}`, { file: where });
  }
}
