// The sweep state on disk (`--state FILE`): read at the start of a run (a missing file is a first
// run), written at the end with mode 0600, since it keeps the open findings, secrets included.
import { readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { emptySweepState, type SweepState } from '../scan/sweep-state.js';

/** Reads a state file; a missing file is an empty state. */
export function loadStateFile(file: string): SweepState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySweepState();
    throw new ConfigError('STATE_UNREADABLE', `state file ${file} cannot be read: ${(err as Error).message}`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('STATE_INVALID', `state file ${file} is not JSON: ${(err as Error).message}`, { file });
  }
  const state = data as Partial<SweepState>;
  if (state.version !== 1 || typeof state.repositories !== 'object' || state.repositories === null) {
    throw new ConfigError('STATE_INVALID', `state file ${file} is not a credsweep sweep state (version 1)`, { file });
  }
  return state as SweepState;
}

/** Writes the state with mode 0600. */
export async function saveStateFile(file: string, state: SweepState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // the mode of an existing file is not changed by writeFile
}
