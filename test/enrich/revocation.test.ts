// How revoke ranks what the findings show of each key: the strongest evidence wins, so a key seen
// once with its secret is a credential even where another finding shows only its id.
import { describe, expect, it } from 'vitest';
import { exposures } from '../../src/enrich/revocation.js';
import { finding, KEY_ID, OTHER_KEY_ID } from '../incident/incident-values.js';

describe('exposures', () => {
  it('ranks a paired secret above a candidate pairing above the id alone', () => {
    const idOnly = finding({ rule: 'aws.access-key-id', secret: KEY_ID });
    const candidate = finding({ rule: 'aws.secret-access-key', identifier: KEY_ID, pairConfidence: 'low' });
    const paired = finding({ rule: 'aws.secret-access-key', identifier: KEY_ID, pairConfidence: 'high' });
    expect(exposures([idOnly]).get(KEY_ID)).toBe('identifier');
    expect(exposures([idOnly, candidate]).get(KEY_ID)).toBe('candidate');
    expect(exposures([candidate, paired, idOnly]).get(KEY_ID)).toBe('credential');
  });

  it('keeps each key apart and ignores findings that name no AWS key', () => {
    const other = finding({ rule: 'aws.secret-access-key', identifier: OTHER_KEY_ID, pairConfidence: 'medium' });
    const unrelated = finding({ rule: 'github.pat', secret: 'ghp_madeUpValueForTheRankingTest0000000', identifier: undefined });
    const map = exposures([other, unrelated, finding({ rule: 'aws.access-key-id', secret: KEY_ID })]);
    expect([...map.entries()].sort()).toEqual([
      [KEY_ID, 'identifier'],
      [OTHER_KEY_ID, 'credential'],
    ]);
  });
});
