// Containment status of where the code lives: for each bucket holding exposed code bundles, S3
// Block Public Access and whether its policy makes it public, with the command that closes it;
// for each CodeCommit repository, who may still pull it (repo-readers.ts).
import { GetBucketPolicyStatusCommand, GetObjectAclCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { awsErrorText } from '../aws/aws-error.js';
import { createS3Client } from '../aws/clients.js';
import { iamClient, type OurAccount, type OwnerLookupOptions } from '../aws/key-owner.js';
import { whoCanPull } from './repo-readers.js';
import { exposedRepository } from './repository.js';

/** What the report says about one place the code lives. */
export interface ContainmentItem {
  target: string;
  status: string;
  /** The command to run, when something is open. */
  command: string | null;
}

const BLOCK_ALL = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';

// Public, not public, no policy at all, or unknown (no answer): never "not public" by default.
async function policyStatus(
  client: ReturnType<typeof createS3Client>,
  bucket: string,
): Promise<'public' | 'policy not public' | 'no bucket policy' | 'unknown'> {
  try {
    const status = (await client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic;
    return status === true ? 'public' : status === false ? 'policy not public' : 'unknown';
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchBucketPolicy') return 'no bucket policy';
    throw err;
  }
}

async function bucketStatus(bucket: string, options: OwnerLookupOptions): Promise<ContainmentItem> {
  const target = `s3://${bucket}`;
  const command = `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration ${BLOCK_ALL}`;
  const client = createS3Client(options.region, options);
  try {
    let blocked: string[] = [];
    let open: string[] = [];
    try {
      const pab = (await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration ?? {};
      const settings = Object.entries(pab) as Array<[string, boolean | undefined]>;
      blocked = settings.filter(([, v]) => v === true).map(([k]) => k);
      open = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].filter((k) => !blocked.includes(k));
    } catch (err) {
      if ((err as { name?: string }).name !== 'NoSuchPublicAccessBlockConfiguration') throw err;
      open = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
    }
    const policy = await policyStatus(client, bucket);
    const isPublic = policy === 'public';
    const status = `${isPublic ? '**the bucket policy makes it PUBLIC**; ' : policy === 'unknown' ? 'bucket policy status unknown; ' : `${policy}; `}${open.length === 0 ? 'Block Public Access fully on' : `Block Public Access off for ${open.join(', ')}`}`;
    return { target, status, command: open.length > 0 || isPublic || policy === 'unknown' ? command : null };
  } catch (err) {
    return { target, status: `unknown: ${awsErrorText(err)}`, command };
  } finally {
    client.destroy();
  }
}

async function repositoryStatus(target: string, accounts: OurAccount[], options: OwnerLookupOptions): Promise<ContainmentItem> {
  const repo = exposedRepository(target, accounts);
  const arn = repo?.arn ?? target;
  const howTo = `aws iam simulate-principal-policy --action-names codecommit:GitPull --resource-arns ${arn} --policy-source-arn PRINCIPAL_ARN`;
  if (!repo?.account)
    return { target, status: `unknown: no credentials reach account ${repo?.accountId ?? 'ACCOUNT'}; per principal:`, command: howTo };
  const iam = iamClient(options, repo.account);
  try {
    const readers = await whoCanPull(iam, arn);
    if (readers.problem && readers.principals.length === 0)
      return { target, status: `unknown: IAM's policy simulator could not be used (${readers.problem}); per principal:`, command: howTo };
    const list = readers.principals.length === 0 ? 'no IAM user or role' : readers.principals.join(', ');
    return {
      target,
      status: `may still be pulled (codecommit:GitPull, by IAM's policy simulator) by ${list}${readers.complete ? '' : ` (${readers.problem})`}`,
      command: null,
    };
  } finally {
    iam.destroy();
  }
}

const EVERYONE = new Set(['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers']);

// An object holding a secret whose ACL lets everyone (or every AWS account) read it.
async function objectAcl(target: string, options: OwnerLookupOptions): Promise<ContainmentItem | null> {
  const [bucket = '', ...rest] = target.slice('s3://'.length).split('/');
  const key = rest.join('/');
  if (!key) return null;
  const command = `aws s3api put-object-acl --bucket ${bucket} --key ${key} --acl private`;
  const client = createS3Client(options.region, options);
  try {
    const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    const open = (acl.Grants ?? []).filter(
      (g) => g.Grantee?.URI && EVERYONE.has(g.Grantee.URI) && (g.Permission === 'READ' || g.Permission === 'FULL_CONTROL'),
    );
    if (open.length === 0) return null;
    return {
      target,
      status: `**the object's ACL grants ${open.map((g) => `${g.Permission} to ${g.Grantee?.URI?.split('/').pop()}`).join(', ')}**: anyone can read the secret in it`,
      command,
    };
  } catch (err) {
    return { target, status: `unknown: the object's ACL could not be read (${awsErrorText(err)})`, command: null };
  } finally {
    client.destroy();
  }
}

/** The containment status of every target of the findings that AWS can say something about. */
export async function containmentOf(targets: string[], options: OwnerLookupOptions, accounts: OurAccount[]): Promise<ContainmentItem[]> {
  const buckets = [...new Set(targets.filter((t) => t.startsWith('s3://')).map((t) => t.slice(5).split('/')[0] as string))].sort();
  const out: ContainmentItem[] = [];
  for (const b of buckets) out.push(await bucketStatus(b, options));
  for (const t of targets.filter((x) => x.startsWith('s3://'))) {
    const item = await objectAcl(t, options);
    if (item) out.push(item);
  }
  for (const t of targets.filter((x) => x.startsWith('codecommit://'))) out.push(await repositoryStatus(t, accounts, options));
  return out;
}
