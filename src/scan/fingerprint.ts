// A finding's id must be the same for the same (rule, secret) on every run and machine, so
// baselines and ignore files work, yet must not hand out a fast oracle for guessing short
// passwords: scrypt with small parameters costs ~1 ms per id, which a scan barely notices but
// a dictionary attack on a published report does.
import { scryptSync } from 'node:crypto';

const cache = new Map<string, string>();

/** Stable 32-hex id of a (rule, secret) pair. */
export function fingerprint(ruleId: string, secret: string): string {
  const key = `${ruleId}\0${secret}`;
  let id = cache.get(key);
  if (id === undefined) {
    id = scryptSync(secret, `credsweep-finding-v1:${ruleId}`, 16, { N: 1024, r: 8, p: 1 }).toString('hex');
    cache.set(key, id);
  }
  return id;
}
