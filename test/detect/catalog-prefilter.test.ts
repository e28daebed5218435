// The whole built-in catalog in one prefilter, as a scan thread builds it: every rule is still
// selected on each of its own examples, and the rules that trade a keyword common in ordinary code
// for a gate are no longer selected by that code (test/detect/gates.test.ts proves each gate
// matches wherever its pattern does).
import { describe, expect, it } from 'vitest';
import { compilePrefilter } from '../../src/detect/prefilter.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

describe('the built-in catalog in one prefilter', () => {
  const content = loadBuiltinRules().filter((r) => r.filename === undefined);
  const prefilter = compilePrefilter(content);
  const selected = (text: string) => prefilter.selectRules(Buffer.from(text, 'utf8')).map((i) => content[i]?.id);

  it('selects every rule on each of its examples', () => {
    const missed = content.flatMap((rule, idx) =>
      rule.examples.filter((e) => !prefilter.selectRules(Buffer.from(e, 'utf8')).includes(idx)).map((e) => `${rule.id}: ${e}`),
    );
    expect(missed).toEqual([]);
  });

  // Made-up code of the kind that named these words in thousands of redis blobs.
  it.each([
    ['npm.npmrc-basic-auth', 'if (c->flags & CLIENT_AUTH) addReply(c, shared.ok); /* ACL_AUTH_OK */', '_auth=dXNlcjpwYXNzd29yZDEyMw=='],
    ['databricks.personal-access-token', 'static int readapiVersion(void) { return 3; }', 'token = "dapi0f3a9c2e7b1d4f6a8c0e2b4d6f8a1c3e"'],
    ['database.redis-requirepass', 'if (server.requirepass) sdsfree(server.requirepass);', 'requirepass Xk9-vq2Lm4Rt'],
    ['cli.redis-cli-password', 'Run redis-cli -h 127.0.0.1 -p 6379 and type PING.', 'redis-cli -h db.internal -a Xk9vq2Lm4Rt ping'],
    ['cli.cmdkey-password', 'rem cmdkey /list shows what is stored', 'cmdkey /generic:fileserver /user:ops /pass:Xk9vq2Lm4Rt'],
    [
      'harness.access-token',
      'cfg = compat.load(); n = unsat.count; p = path.join(a, b)',
      'HARNESS_TOKEN=pat.Ab3dEf6hIj9kLm2nOp5qRs.0a1b2c3d4e5f6a7b8c9d0e1f.Zy8xWv7uTs6rQp5oNm4l',
    ],
    [
      'sendgrid.api-key',
      'msg.type = REDISMODULE_MSG; freeMsg(msg.body);',
      'SENDGRID_API_KEY=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',
    ],
    [
      'gocardless.access-token',
      'server.live_clients = 0; deliver_live_updates();',
      'GOCARDLESS_ACCESS_TOKEN=live_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f',
    ],
  ])('%s: not selected by ordinary code, selected by a real secret', (id, code, secret) => {
    expect(selected(code)).not.toContain(id);
    expect(selected(secret)).toContain(id);
  });
});
