// Interrupted runs leave nothing behind: a fetch of a remote repository that never answers is
// stopped with SIGINT once the server has seen the request (an event, not a delay), and the
// private temporary folder it was fetching into is gone.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';

it('Ctrl-C during a fetch removes the temporary repository and exits 130', async () => {
  const temp = mkdtempSync(join(tmpdir(), 'credsweep-int-'));
  const held: ServerResponse[] = [];
  let sawRequest: () => void = () => undefined;
  const requested = new Promise<void>((resolve) => {
    sawRequest = resolve;
  });
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    held.push(res); // never answered
    sawRequest();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const child = spawn(process.execPath, [BIN, 'scan', `http://127.0.0.1:${port}/repo.git`, '--no-progress'], {
      env: { ...process.env, TMPDIR: temp },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await requested;
    expect(readdirSync(temp).some((n) => n.startsWith('credsweep-fetch-'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readdirSync(temp)).toEqual([]);
  } finally {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(temp, { recursive: true, force: true });
  }
}, 30_000);
