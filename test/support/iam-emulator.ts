// The IAM and STS key-owner part of the AWS emulator (awsQuery, XML): STS GetCallerIdentity and
// GetAccessKeyInfo; IAM GetAccessKeyLastUsed, ListAccessKeys, ListUserTags and UpdateAccessKey,
// each in the caller's own account. An account can be set to deny every IAM call.
import type { ServerResponse } from 'node:http';
import { decodeAccount } from '../../src/aws/key-id.js';

/** An IAM access key of a user. */
export interface EmulatedAccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  lastUsed?: { date: string; service: string; region: string };
}

/** An IAM user and its keys. */
export interface EmulatedUser {
  account: string;
  name: string;
  tags?: Record<string, string>;
  keys: EmulatedAccessKey[];
  /** What its policies allow, as `ACTION RESOURCE_ARN` (`*` for any resource); for SimulatePrincipalPolicy. */
  allows?: string[];
}

/** An IAM role, for ListRoles and SimulatePrincipalPolicy. */
export interface EmulatedIamRole {
  account: string;
  name: string;
  allows?: string[];
}

/** What the IAM handler reads and changes. */
export interface IamState {
  users: EmulatedUser[];
  /** Accounts whose IAM answers AccessDenied to everyone. */
  iamDenied: Set<string>;
  /** IAM roles (AssumeRole has its own list: the emulator's `roles`). */
  iamRoles: EmulatedIamRole[];
  /** Page size of ListUsers and ListRoles. */
  iamPageSize: number;
  /** Inline policies of roles and users: `ACCOUNT/role|user/NAME/POLICY` to the document. */
  policies: Map<string, string>;
  /** Keys the emulator accepts as callers (their accounts answer GetAccessKeyInfo too). */
  keys?: Array<{ accessKeyId: string; account: string }>;
  /** Calls to fail with 403 AccessDenied, each `remaining` times (a fault injected mid-run). */
  iamFaults?: Array<{ action: string; remaining: number }>;
  /** Keys deleted, with their account: AWS still knows a deleted key's account. */
  deletedKeys?: Map<string, string>;
  /** Every change made: for tests to compare with the audit log. */
  changes: Array<{ account: string; action: string; keyId: string; status?: string; requestId: string }>;
}

let requests = 0;
let created = 0;
const nextRequestId = () => `req-${String(++requests).padStart(6, '0')}`;

function ok(res: ServerResponse, action: string, result: string, requestId = nextRequestId()): void {
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(
    `<${action}Response><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

/** Sends an awsQuery error. */
export function queryError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${nextRequestId()}</RequestId></ErrorResponse>`,
  );
}

function keyOwner(state: IamState, id: string): { user: EmulatedUser; key: EmulatedAccessKey } | undefined {
  for (const user of state.users) {
    const key = user.keys.find((k) => k.id === id);
    if (key) return { user, key };
  }
  return undefined;
}

/** STS calls about keys; returns false when `action` is not one of them. */
export function stsKeys(
  state: IamState,
  res: ServerResponse,
  action: string,
  form: URLSearchParams,
  caller: { accessKeyId: string; account: string },
): boolean {
  if (action === 'GetCallerIdentity') {
    ok(
      res,
      action,
      `<Account>${caller.account}</Account><Arn>arn:aws:iam::${caller.account}:user/responder</Arn><UserId>AIDARESPONDER</UserId>`,
    );
    return true;
  }
  if (action === 'GetAccessKeyInfo') {
    const id = form.get('AccessKeyId') ?? '';
    const account =
      keyOwner(state, id)?.user.account ??
      state.keys?.find((k) => k.accessKeyId === id)?.account ??
      state.deletedKeys?.get(id) ??
      decodeAccount(id);
    if (account === null) queryError(res, 400, 'InvalidParameterValue', `${id} is not an access key id`);
    else ok(res, action, `<Account>${account}</Account>`);
    return true;
  }
  return false;
}

/** IAM calls, in `account` (the caller's). */
export function iam(state: IamState, res: ServerResponse, action: string, form: URLSearchParams, account: string): void {
  const fault = state.iamFaults?.find((f) => f.action === action && f.remaining > 0);
  if (fault) fault.remaining--;
  if (state.iamDenied.has(account) || fault) {
    queryError(res, 403, 'AccessDenied', `User is not authorized to perform: iam:${action} in account ${account}`);
    return;
  }
  if (action === 'PutRolePolicy' || action === 'PutUserPolicy' || action === 'GetRolePolicy' || action === 'GetUserPolicy') {
    const kind = action.includes('Role') ? 'role' : 'user';
    const name = form.get(kind === 'role' ? 'RoleName' : 'UserName') ?? '';
    const where = `${account}/${kind}/${name}/${form.get('PolicyName')}`;
    if (action.startsWith('Put')) {
      state.policies.set(where, form.get('PolicyDocument') ?? '');
      const requestId = nextRequestId();
      state.changes.push({ account, action, keyId: name, requestId });
      ok(res, action, '', requestId);
    } else if (!state.policies.has(where))
      queryError(res, 404, 'NoSuchEntity', `The ${kind} policy with name ${form.get('PolicyName')} cannot be found.`);
    else {
      const doc = encodeURIComponent(state.policies.get(where) ?? '');
      ok(
        res,
        action,
        `<${kind === 'role' ? 'RoleName' : 'UserName'}>${name}</${kind === 'role' ? 'RoleName' : 'UserName'}><PolicyName>${form.get('PolicyName')}</PolicyName><PolicyDocument>${doc}</PolicyDocument>`,
      );
    }
    return;
  }
  if (action === 'ListUsers' || action === 'ListRoles') {
    const kind = action === 'ListUsers' ? 'user' : 'role';
    const all = (kind === 'user' ? state.users : state.iamRoles).filter((p) => p.account === account);
    const start = Number(form.get('Marker') ?? 0);
    const size = Math.min(state.iamPageSize, Number(form.get('MaxItems') ?? 100));
    const page = all.slice(start, start + size);
    const tag = kind === 'user' ? 'Users' : 'Roles';
    const members = page.map(
      (p) =>
        `<member><Path>/</Path><${kind === 'user' ? 'UserName' : 'RoleName'}>${p.name}</${kind === 'user' ? 'UserName' : 'RoleName'}><${kind === 'user' ? 'UserId' : 'RoleId'}>AID${p.name}</${kind === 'user' ? 'UserId' : 'RoleId'}><Arn>arn:aws:iam::${account}:${kind}/${p.name}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>`,
    );
    const more = start + size < all.length;
    ok(
      res,
      action,
      `<${tag}>${members.join('')}</${tag}><IsTruncated>${more}</IsTruncated>${more ? `<Marker>${start + size}</Marker>` : ''}`,
    );
    return;
  }
  if (action === 'SimulatePrincipalPolicy') {
    const arn = form.get('PolicySourceArn') ?? '';
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const principal = arn.includes(':user/')
      ? state.users.find((u) => u.account === account && u.name === name)
      : state.iamRoles.find((r) => r.account === account && r.name === name);
    const act = form.get('ActionNames.member.1') ?? '';
    const resource = form.get('ResourceArns.member.1') ?? '*';
    const allowed = (principal?.allows ?? []).some((a) => a === `${act} ${resource}` || a === `${act} *`);
    ok(
      res,
      action,
      `<EvaluationResults><member><EvalActionName>${act}</EvalActionName><EvalResourceName>${resource}</EvalResourceName><EvalDecision>${allowed ? 'allowed' : 'implicitDeny'}</EvalDecision></member></EvaluationResults><IsTruncated>false</IsTruncated>`,
    );
    return;
  }
  const mine = state.users.filter((u) => u.account === account);
  const user = mine.find((u) => u.name === form.get('UserName'));
  if (action === 'GetAccessKeyLastUsed') {
    const found = keyOwner(state, form.get('AccessKeyId') ?? '');
    if (!found || found.user.account !== account) {
      queryError(res, 404, 'NoSuchEntity', 'The Access Key with id cannot be found.');
      return;
    }
    const used = found.key.lastUsed;
    const last = used
      ? `<LastUsedDate>${used.date}</LastUsedDate><ServiceName>${used.service}</ServiceName><Region>${used.region}</Region>`
      : '<ServiceName>N/A</ServiceName><Region>N/A</Region>';
    ok(res, action, `<UserName>${found.user.name}</UserName><AccessKeyLastUsed>${last}</AccessKeyLastUsed>`);
    return;
  }
  if (!user) {
    queryError(res, 404, 'NoSuchEntity', `The user with name ${form.get('UserName')} cannot be found.`);
    return;
  }
  if (action === 'ListAccessKeys') {
    const members = user.keys.map(
      (k) =>
        `<member><UserName>${user.name}</UserName><AccessKeyId>${k.id}</AccessKeyId><Status>${k.status}</Status><CreateDate>${k.created}</CreateDate></member>`,
    );
    ok(res, action, `<AccessKeyMetadata>${members.join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`);
    return;
  }
  if (action === 'ListUserTags') {
    const members = Object.entries(user.tags ?? {}).map(([k, v]) => `<member><Key>${k}</Key><Value>${v}</Value></member>`);
    ok(res, action, `<Tags>${members.join('')}</Tags><IsTruncated>false</IsTruncated>`);
    return;
  }
  if (action === 'CreateAccessKey') {
    if (user.keys.length >= 2) {
      queryError(res, 409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
      return;
    }
    created++;
    const id = `AKIANEWKEY${String(created).padStart(10, '2')}`.replace(/[0189]/g, '3');
    const secret = `new-secret-${created}-Yq4Lm8Vx2Nb6Kd0Ht5Fj9Gs3Pc7`;
    user.keys.push({ id, status: 'Active', created: '2026-11-29T00:00:00Z' });
    const requestId = nextRequestId();
    state.changes.push({ account, action, keyId: id, requestId });
    ok(
      res,
      action,
      `<AccessKey><UserName>${user.name}</UserName><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><SecretAccessKey>${secret}</SecretAccessKey><CreateDate>2026-11-29T00:00:00Z</CreateDate></AccessKey>`,
      requestId,
    );
    return;
  }
  if (action === 'DeleteAccessKey') {
    const at = user.keys.findIndex((k) => k.id === form.get('AccessKeyId'));
    if (at === -1) {
      queryError(res, 404, 'NoSuchEntity', 'The Access Key with id cannot be found.');
      return;
    }
    const [gone] = user.keys.splice(at, 1);
    if (gone) state.deletedKeys?.set(gone.id, account);
    const requestId = nextRequestId();
    state.changes.push({ account, action, keyId: gone?.id ?? '', requestId });
    ok(res, action, '', requestId);
    return;
  }
  if (action === 'UpdateAccessKey') {
    const key = user.keys.find((k) => k.id === form.get('AccessKeyId'));
    const status = form.get('Status');
    if (!key || (status !== 'Active' && status !== 'Inactive')) {
      queryError(res, 404, 'NoSuchEntity', 'The Access Key with id cannot be found.');
      return;
    }
    key.status = status;
    const requestId = nextRequestId();
    state.changes.push({ account, action, keyId: key.id, status, requestId });
    ok(res, action, '', requestId);
    return;
  }
  queryError(res, 400, 'InvalidAction', `${action} is not emulated`);
}
