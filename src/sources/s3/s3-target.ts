// `s3://BUCKET/PREFIX` targets, parsed without loading the AWS SDK.
import { UsageError } from '../../errors.js';

/** A bucket and the key prefix under it (empty: the whole bucket). */
export interface S3Target {
  bucket: string;
  prefix: string;
}

/** Whether `target` names S3. */
export function isS3Target(target: string): boolean {
  return target.startsWith('s3://');
}

// S3's own rule for new buckets, loosened for older names (capitals, underscores).
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

/**
 * Parses `s3://BUCKET[/PREFIX]`.
 * @throws UsageError `USAGE_BAD_S3_TARGET` naming what is wrong.
 */
export function parseS3Target(target: string): S3Target {
  const rest = target.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket)) {
    throw new UsageError('USAGE_BAD_S3_TARGET', `${target}: "${bucket}" is not a bucket name (expected s3://BUCKET/PREFIX)`, { target });
  }
  return { bucket, prefix };
}

/** The name an object's findings carry. */
export function s3ObjectName(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
