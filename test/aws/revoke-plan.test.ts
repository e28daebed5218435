// Revocation planning is pure: what a plan says for each kind of key, without AWS.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/aws/audit-log.js';
import type { KeyOwner } from '../../src/aws/key-owner.js';
import { type Exposure, planRevocation } from '../../src/aws/revoke-plan.js';

const ACCOUNT = '111122223333';

function owner(id: string, over: Partial<KeyOwner> = {}): KeyOwner {
  return {
    accessKeyId: id,
    kind: 'long-term',
    account: ACCOUNT,
    accountSource: 'sts',
    relation: 'ours',
    user: 'ci-deploy',
    status: 'Active',
    created: '2024-01-01T00:00:00Z',
    userKeys: 1,
    userKeyList: [{ id, status: 'Active' }],
    lastUsed: null,
    lastUsedService: null,
    lastUsedRegion: null,
    tags: {},
    sessionIssuer: null,
    sessionsDeniedBefore: null,
    problems: [],
    notes: [],
    ...over,
  };
}

const leaked = (...ids: string[]) => new Map<string, Exposure>(ids.map((id) => [id, 'credential']));
const plain = { delete: false, rotate: false };
const rotate = { delete: false, rotate: true };

describe('planRevocation', () => {
  it('deactivates a leaked active key of ours, and only plans while nothing is applied', () => {
    const [step] = planRevocation([owner('AKIAQYLPMN5HAAAAAAA1')], plain, leaked('AKIAQYLPMN5HAAAAAAA1'), new Set(), []);
    expect(step?.calls).toEqual(['deactivate']);
    expect(step?.result).toBeUndefined();
    expect(step?.blocked).toBeUndefined();
  });

  it('leaves an exposed id alone unless it is named, and acts on it when it is', () => {
    const o = owner('AKIAQYLPMN5HAAAAAAA2');
    const ids = new Map<string, Exposure>([[o.accessKeyId, 'identifier']]);
    expect(planRevocation([o], plain, ids, new Set(), [])[0]?.calls).toEqual([]);
    expect(planRevocation([o], plain, ids, new Set([o.accessKeyId]), [])[0]?.calls).toEqual(['deactivate']);
    const candidate = new Map<string, Exposure>([[o.accessKeyId, 'candidate']]);
    expect(planRevocation([o], plain, candidate, new Set(), [])[0]?.reason).toMatch(/candidate/);
  });

  it('never changes a third party key, a canary, or a key whose account is unknown; the unknown one blocks', () => {
    const ids = ['AKIAQYLPMN5HAAAAAAA3', 'AKIAQYLPMN5HAAAAAAA4', 'AKIAQYLPMN5HAAAAAAA5'];
    const steps = planRevocation(
      [
        owner(ids[0] as string, { relation: 'third-party', account: '999988887777' }),
        owner(ids[1] as string, { relation: 'canary' }),
        owner(ids[2] as string, { relation: 'unknown' }),
      ],
      plain,
      leaked(...ids),
      new Set(),
      [],
    );
    expect(steps.map((s) => s.calls)).toEqual([[], [], []]);
    expect(steps[0]?.reason).toMatch(/third party.*999988887777/);
    expect(steps[2]?.blocked).toMatch(/--profile.*aws sso login.*--role-arn/);
  });

  it('contains a key of a user at the two-key limit and says --delete frees the slot', () => {
    const id = 'AKIAQYLPMN5HAAAAAAA6';
    const o = owner(id, {
      userKeys: 2,
      userKeyList: [
        { id, status: 'Active' },
        { id: 'AKIAQYLPMN5HPRODKEY1', status: 'Active' },
      ],
    });
    const [held] = planRevocation([o], rotate, leaked(id), new Set(), []);
    expect(held?.calls).toEqual(['deactivate']);
    expect(held?.blocked).toMatch(/two access keys.*--delete/);
    const [freed] = planRevocation([o], { delete: true, rotate: true }, leaked(id), new Set(), []);
    expect(freed?.calls).toEqual(['deactivate', 'delete', 'create-replacement']);
    expect(freed?.blocked).toBeUndefined();
  });

  it('gives a user whose two keys both leaked one replacement for both', () => {
    const [a, b] = ['AKIAQYLPMN5HAAAAAAA7', 'AKIAQYLPMN5HAAAAAAA8'];
    const list = [
      { id: a, status: 'Active' },
      { id: b, status: 'Active' },
    ];
    const steps = planRevocation(
      [owner(a, { userKeys: 2, userKeyList: list }), owner(b, { userKeys: 2, userKeyList: list })],
      { delete: true, rotate: true },
      leaked(a, b),
      new Set(),
      [],
    );
    const creates = steps.flatMap((s) => s.calls.filter((c) => c === 'create-replacement'));
    expect(creates).toHaveLength(1);
    expect(steps.find((s) => s.replaces)?.replaces).toEqual([a, b]);
  });

  it('rotates an already inactive key (Containment, then Recovery) and does not rotate twice', () => {
    const id = 'AKIAQYLPMN5HAAAAAAA9';
    const inactive = owner(id, { status: 'Inactive', userKeyList: [{ id, status: 'Inactive' }] });
    expect(planRevocation([inactive], rotate, leaked(id), new Set(), [])[0]?.calls).toEqual(['create-replacement']);
    const made: AuditEntry = {
      time: '2026-01-01T00:00:00Z',
      account: ACCOUNT,
      action: 'iam:CreateAccessKey',
      keyId: 'AKIAQYLPMN5HNEWKEY01',
      user: 'ci-deploy',
      result: 'ok',
      replaces: [id],
      requestId: null,
    };
    const list = [
      { id, status: 'Inactive' },
      { id: 'AKIAQYLPMN5HNEWKEY01', status: 'Active' },
    ];
    const [again] = planRevocation([owner(id, { status: 'Inactive', userKeys: 2, userKeyList: list })], rotate, leaked(id), new Set(), [
      made,
    ]);
    expect(again?.calls).toEqual([]);
    expect(again?.reason).toMatch(/AKIAQYLPMN5HNEWKEY01 was made by an earlier run/);
  });

  it('reports a key deleted by an earlier run as done, from the audit log', () => {
    const id = 'AKIAQYLPMN5HAAAAAA10';
    const gone: AuditEntry = {
      time: '2026-01-01T00:00:00Z',
      account: ACCOUNT,
      action: 'iam:DeleteAccessKey',
      keyId: id,
      user: 'ci-deploy',
      result: 'ok',
      requestId: null,
    };
    const [step] = planRevocation([owner(id, { status: 'Deleted', user: null })], { delete: true, rotate: false }, leaked(id), new Set(), [
      gone,
    ]);
    expect(step?.calls).toEqual([]);
    expect(step?.blocked).toBeUndefined();
    expect(step?.reason).toMatch(/deleted by credsweep/);
  });
});
