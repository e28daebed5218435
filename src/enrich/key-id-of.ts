// Which AWS access key a finding is about: the join between what a scan found and what AWS knows.
import { isAccessKeyId } from '../aws-key-id.js';
import type { Finding } from '../types.js';

/** The AWS access key id a finding names: a key-id finding's value, or a paired secret's identifier. */
export function keyIdOf(f: Finding): string | null {
  if (f.identifier && isAccessKeyId(f.identifier)) return f.identifier;
  if (f.rule === 'aws.access-key-id' && isAccessKeyId(f.secret)) return f.secret;
  return null;
}
