// Ending the process once a command is done (bin/exit-early.cjs): only when nothing but its own
// stdio is left, so nothing a natural exit would still have done is lost.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain CommonJS module of bin/, without type declarations
import { onlyStdioLeft } from '../../bin/exit-early.cjs';

const EXIT_EARLY = resolve(import.meta.dirname, '../../bin/exit-early.cjs');
const idle = { writableLength: 0 };
const left = (resources: string[], streams = [idle, idle]) => onlyStdioLeft(resources, streams) as boolean;

describe('ending early', () => {
  it('happens when only stdout, stderr and stdin remain, with nothing buffered', () => {
    expect(left([])).toBe(true);
    expect(left(['PipeWrap', 'TTYWrap'])).toBe(true);
    expect(left(['TTYWrap', 'TTYWrap', 'TTYWrap'])).toBe(true);
  });

  it('waits for a child, a timer, a socket, a file request or buffered output', () => {
    for (const other of ['ProcessWrap', 'Timeout', 'TCPSocketWrap', 'FSReqCallback', 'FSReqPromise', 'Immediate']) {
      expect(left(['PipeWrap', other]), other).toBe(false);
    }
    expect(left(['PipeWrap', 'PipeWrap', 'PipeWrap', 'PipeWrap'])).toBe(false);
    expect(left(['PipeWrap'], [idle, { writableLength: 12 }])).toBe(false);
  });

  describe('in a real process', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (script: string) => {
      dir = mkdtempSync(join(tmpdir(), 'credsweep-exit-'));
      return spawnSync(process.execPath, ['-e', `const { exitEarly } = require(${JSON.stringify(EXIT_EARLY)});\n${script}`], {
        cwd: dir,
        encoding: 'utf8',
      });
    };

    it('exits with the code given, its output whole, exit handlers run', () => {
      const done = run(`process.on('exit', () => require('node:fs').writeFileSync('exited', 'yes'));
        process.stdout.write('x'.repeat(300000)); exitEarly(3);`);
      expect(done.status).toBe(3);
      expect(done.stdout.length).toBe(300000);
      expect(readFileSync(join(dir, 'exited'), 'utf8')).toBe('yes');
    });

    it('lets pending work finish, then ends with the code given', () => {
      const done = run(`setTimeout(() => require('node:fs').writeFileSync('late', 'done'), 100); exitEarly(4);`);
      expect(done.status).toBe(4);
      expect(existsSync(join(dir, 'late'))).toBe(true);
    });
  });
});
