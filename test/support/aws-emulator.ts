// A small AWS API emulator for tests, on 127.0.0.1: the real SDK clients sign, serialise and
// paginate against it as against AWS. Every request's SigV4 signature is verified by re-signing it
// with @smithy/signature-v4 using the secret the emulator knows for the access key (session token
// checked too), after checking x-amz-content-sha256 against the body, since the signer trusts that
// header. It serves CodeCommit (awsJson1_1): ListRepositories (paginated with a configurable
// page size, which the API has no input for) and GetRepository, per region and per account; STS
// AssumeRole; and S3 listing and reads (s3-emulator.ts). A key marked expired gets the service's
// expired-token error, as AWS answers a session token past its expiry.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { lookupEvents, type TrailEvent } from './cloudtrail-emulator.js';
import { type EmulatedIamRole, type EmulatedUser, iam, queryError, stsKeys } from './iam-emulator.js';
import { type EmulatedBucket, s3, sendS3Error } from './s3-emulator.js';

/** A key pair the emulator accepts, and the account it belongs to. */
export interface EmulatorKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  account: string;
  /** Answered as an expired session token would be. */
  expired?: boolean;
}

/** A CodeCommit repository the emulator lists. */
export interface EmulatedRepository {
  account: string;
  region: string;
  name: string;
  /** What GetRepository returns as cloneUrlHttp (a local git server). */
  cloneUrlHttp: string;
}

/** An IAM role the emulator lets any known key assume. */
export interface EmulatedRole {
  arn: string;
  account: string;
}

/** Emulator state, inspectable by tests. */
export interface AwsEmulator {
  url: string;
  keys: EmulatorKey[];
  roles: EmulatedRole[];
  repositories: EmulatedRepository[];
  /** Page size of ListRepositories. */
  pageSize: number;
  /** S3 buckets, each in one account. */
  buckets: EmulatedBucket[];
  /** Page size of ListObjectsV2. */
  s3PageSize: number;
  /** IAM users and their keys, each in one account. */
  users: EmulatedUser[];
  /** Accounts whose IAM answers AccessDenied. */
  iamDenied: Set<string>;
  /** IAM roles for ListRoles and SimulatePrincipalPolicy. */
  iamRoles: EmulatedIamRole[];
  /** Page size of ListUsers and ListRoles. */
  iamPageSize: number;
  /** Inline policies of roles and users (`ACCOUNT/role|user/NAME/POLICY`). */
  policies: Map<string, string>;
  /** CloudTrail management events (cloudtrail-emulator.ts). */
  trail: TrailEvent[];
  /** LookupEvents calls still to be throttled. */
  throttle: number;
  /** LookupEvents calls made. */
  lookups: number;
  /** The organisation, listable by its management account only; null: none. */
  organization: { management: string; accounts: string[] } | null;
  /** Secrets Manager secrets: name to its versions' values, newest last. */
  secrets: Map<string, { account: string; values: string[] }>;
  /** Secrets Manager refuses to store values (AccessDenied), after letting the check through. */
  secretsDenyWrites: boolean;
  /** IAM calls to fail with AccessDenied, each `remaining` times. */
  iamFaults: Array<{ action: string; remaining: number }>;
  /** Deleted keys and their accounts (GetAccessKeyInfo still answers for them). */
  deletedKeys: Map<string, string>;
  /** Every IAM change made (UpdateAccessKey...), with its request id. */
  changes: Array<{ account: string; action: string; keyId: string; status?: string; requestId: string }>;
  /** Every request: service, operation, region, access key, and whether its signature verified. */
  requests: Array<{ service: string; operation: string; region: string; accessKeyId: string; verified: boolean; userAgent: string }>;
  close(): Promise<void>;
}

const CREDENTIAL = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(body));
}

async function verify(req: IncomingMessage, body: Buffer, key: EmulatorKey, m: RegExpExecArray): Promise<boolean> {
  const [, , , region, service, signedHeaders] = m as unknown as string[];
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== createHash('sha256').update(body).digest('hex')) return false;
  if (key.sessionToken !== undefined && req.headers['x-amz-security-token'] !== key.sessionToken) return false;
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders as string).split(';')) headers[name] = String(req.headers[name] ?? '');
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
  });
  const signer = new SignatureV4({
    service: service as string,
    region: region as string,
    sha256: Sha256,
    applyChecksum: false,
    // S3 signs the path as sent; the other services encode it once more.
    uriEscapePath: service !== 's3',
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken },
  });
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signed = await signer.sign(request, { signingDate });
  return signed.headers.authorization === req.headers.authorization;
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(xml);
}

let issued = 0;

// STS (awsQuery). AssumeRole issues temporary credentials in the role's account, which the
// emulator then accepts (session token checked) like any other key.
function sts(emu: AwsEmulator, res: ServerResponse, body: string, caller: EmulatorKey): void {
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action !== 'AssumeRole' && stsKeys(emu, res, action ?? '', form, caller)) return;
  if (action !== 'AssumeRole') {
    sendXml(
      res,
      400,
      `<ErrorResponse><Error><Code>InvalidAction</Code><Message>${action} is not emulated</Message></Error></ErrorResponse>`,
    );
    return;
  }
  const role = emu.roles.find((r) => r.arn === form.get('RoleArn'));
  if (!role) {
    sendXml(
      res,
      403,
      `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole on ${form.get('RoleArn')}</Message></Error></ErrorResponse>`,
    );
    return;
  }
  issued++;
  const key: EmulatorKey = {
    accessKeyId: `ASIATEMPKEY${String(issued).padStart(9, '0')}`,
    secretAccessKey: `temp-secret-${issued}-Zq8xL2mR7vT4kP9w`,
    sessionToken: `temp-session-token-${issued}-Fwo/+=`,
    account: role.account,
  };
  emu.keys.push(key);
  sendXml(
    res,
    200,
    `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${key.accessKeyId}</AccessKeyId><SecretAccessKey>${key.secretAccessKey}</SecretAccessKey><SessionToken>${key.sessionToken}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${role.arn}/credsweep</Arn><AssumedRoleId>AROATEMP:credsweep</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
  );
}

function codecommit(
  emu: AwsEmulator,
  res: ServerResponse,
  operation: string,
  input: Record<string, unknown>,
  key: EmulatorKey,
  region: string,
): void {
  const mine = emu.repositories.filter((r) => r.account === key.account && r.region === region);
  if (operation === 'ListRepositories') {
    const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
    const page = mine.slice(start, start + emu.pageSize);
    const next = start + emu.pageSize < mine.length ? String(start + emu.pageSize) : undefined;
    sendJson(res, 200, {
      repositories: page.map((r) => ({ repositoryName: r.name, repositoryId: `${r.account}-${r.region}-${r.name}` })),
      ...(next ? { nextToken: next } : {}),
    });
    return;
  }
  if (operation === 'GetRepository') {
    const repo = mine.find((r) => r.name === input.repositoryName);
    if (!repo) {
      sendJson(res, 400, { __type: 'RepositoryDoesNotExistException', message: `${String(input.repositoryName)} does not exist` });
      return;
    }
    sendJson(res, 200, {
      repositoryMetadata: {
        accountId: repo.account,
        repositoryName: repo.name,
        repositoryId: `${repo.account}-${repo.region}-${repo.name}`,
        cloneUrlHttp: repo.cloneUrlHttp,
        Arn: `arn:aws:codecommit:${repo.region}:${repo.account}:${repo.name}`,
        creationDate: 1704067200,
        lastModifiedDate: 1704067200.5,
      },
    });
    return;
  }
  sendJson(res, 400, { __type: 'InvalidActionException', message: `${operation} is not emulated` });
}

// Secrets Manager (awsJson1_1): CreateSecret (ResourceExistsException when taken) and PutSecretValue.
function secretsManager(emu: AwsEmulator, res: ServerResponse, operation: string, input: Record<string, unknown>, account: string): void {
  const name = String(input.Name ?? input.SecretId ?? '');
  const arn = `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}`;
  const known = emu.secrets.get(name);
  if (emu.secretsDenyWrites && input.SecretString !== undefined) {
    sendJson(res, 400, { __type: 'AccessDeniedException', message: `not authorized to perform secretsmanager:${operation} on ${name}` });
    return;
  }
  if (operation === 'CreateSecret') {
    if (known) {
      sendJson(res, 400, { __type: 'ResourceExistsException', message: `The operation failed because the secret ${name} already exists.` });
      return;
    }
    // A secret created without a value has no version yet.
    const values = input.SecretString === undefined ? [] : [String(input.SecretString)];
    emu.secrets.set(name, { account, values });
    sendJson(res, 200, { ARN: arn, Name: name, ...(values.length > 0 ? { VersionId: 'v1' } : {}) });
    return;
  }
  if (operation === 'DescribeSecret') {
    if (!known) sendJson(res, 400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` });
    else sendJson(res, 200, { ARN: arn, Name: name });
    return;
  }
  if (operation === 'PutSecretValue') {
    if (!known) {
      sendJson(res, 400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` });
      return;
    }
    known.values.push(String(input.SecretString));
    sendJson(res, 200, { ARN: arn, Name: name, VersionId: `v${known.values.length}` });
    return;
  }
  sendJson(res, 400, { __type: 'InvalidRequestException', message: `${operation} is not emulated` });
}

/** Starts the emulator with the given keys (and no repositories yet). */
export async function startAwsEmulator(keys: EmulatorKey[]): Promise<AwsEmulator> {
  const emu: AwsEmulator = {
    url: '',
    keys,
    roles: [],
    repositories: [],
    pageSize: 2,
    buckets: [],
    s3PageSize: 2,
    users: [],
    iamDenied: new Set(),
    iamRoles: [],
    iamPageSize: 2,
    policies: new Map(),
    trail: [],
    throttle: 0,
    lookups: 0,
    organization: null,
    secrets: new Map(),
    secretsDenyWrites: false,
    iamFaults: [],
    deletedKeys: new Map(),
    changes: [],
    requests: [],
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const m = CREDENTIAL.exec(String(req.headers.authorization ?? ''));
      const key = m ? emu.keys.find((k) => k.accessKeyId === m[1]) : undefined;
      const target = String(req.headers['x-amz-target'] ?? '');
      // S3 has no operation name on the wire: its method and path stand for it.
      const s3Call = m?.[4] === 's3' ? `${req.method} ${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}` : null;
      const operation =
        s3Call ?? (target ? target.slice(target.lastIndexOf('.') + 1) : (new URLSearchParams(body.toString('utf8')).get('Action') ?? ''));
      const verified = key !== undefined && m !== null && (await verify(req, body, key, m));
      const userAgent = String(req.headers['user-agent'] ?? '');
      emu.requests.push({ service: m?.[4] ?? '', operation, region: m?.[3] ?? '', accessKeyId: m?.[1] ?? '', verified, userAgent });
      const isS3 = m?.[4] === 's3';
      const isQuery = m?.[4] === 'iam' || m?.[4] === 'sts';
      if (!m || !key) {
        if (isQuery) queryError(res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
        else if (isS3) sendS3Error(res, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
        else
          sendJson(res, 403, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
        return;
      }
      if (!verified) {
        if (isQuery)
          queryError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
        else if (isS3)
          sendS3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
        else
          sendJson(res, 403, {
            __type: 'InvalidSignatureException',
            message: 'The request signature we calculated does not match the signature you provided.',
          });
        return;
      }
      if (key.expired) {
        if (isS3) sendS3Error(res, 400, 'ExpiredToken', 'The provided token has expired.');
        else if (m[4] === 'sts')
          sendXml(
            res,
            400,
            '<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>',
          );
        else sendJson(res, 400, { __type: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
        return;
      }
      if (isS3) {
        s3({ buckets: emu.buckets, s3PageSize: emu.s3PageSize }, req, res, key.account, body);
        return;
      }
      if (m[4] === 'sts') {
        sts(emu, res, body.toString('utf8'), key);
        return;
      }
      if (m[4] === 'iam') {
        const form = new URLSearchParams(body.toString('utf8'));
        iam(emu, res, form.get('Action') ?? '', form, key.account);
        return;
      }
      if (m[4] === 'cloudtrail') {
        if (operation !== 'LookupEvents')
          sendJson(res, 400, { __type: 'InvalidRequestException', message: `${operation} is not emulated` });
        else lookupEvents(emu, res, JSON.parse(body.toString('utf8') || '{}'), key.account, sendJson);
        return;
      }
      if (m[4] === 'organizations') {
        const org = emu.organization;
        if (operation !== 'ListAccounts') sendJson(res, 400, { __type: 'InvalidInputException', message: `${operation} is not emulated` });
        else if (!org)
          sendJson(res, 400, { __type: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' });
        else if (org.management !== key.account)
          sendJson(res, 400, { __type: 'AccessDeniedException', message: "You don't have permissions to access this resource." });
        else
          sendJson(res, 200, {
            Accounts: org.accounts.map((id) => ({
              Id: id,
              Name: `acct-${id}`,
              Status: 'ACTIVE',
              Arn: `arn:aws:organizations::${org.management}:account/o-x/${id}`,
            })),
          });
        return;
      }
      if (m[4] === 'secretsmanager') {
        secretsManager(emu, res, operation, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, key.account);
        return;
      }
      if (m[4] !== 'codecommit') {
        sendJson(res, 400, { __type: 'UnknownOperationException', message: `service ${m[4]} is not emulated` });
        return;
      }
      codecommit(emu, res, operation, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, key, m[3] as string);
    })().catch((err: Error) => sendJson(res, 500, { __type: 'InternalFailure', message: err.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  emu.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emu.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // stalled responses hold theirs open
    });
  return emu;
}
