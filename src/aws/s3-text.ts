// A small text object in S3 read or written whole: the nightly sweep's state (`--state
// s3://BUCKET/KEY`), so that a scheduled job with no disk of its own keeps it between runs.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AwsOptions, createS3Client } from './clients.js';

/** Where and how to reach the object. */
export interface S3TextLocation extends AwsOptions {
  bucket: string;
  key: string;
  region: string;
}

/** The object's text, or null when there is no such object (a first run). Other errors are the SDK's. */
export async function readS3Text(at: S3TextLocation): Promise<string | null> {
  const client = createS3Client(at.region, at);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return null;
    throw err;
  } finally {
    client.destroy();
  }
}

/** Writes the object whole. */
export async function writeS3Text(at: S3TextLocation, text: string): Promise<void> {
  const client = createS3Client(at.region, at);
  try {
    await client.send(new PutObjectCommand({ Bucket: at.bucket, Key: at.key, Body: text, ContentType: 'application/json' }));
  } finally {
    client.destroy();
  }
}
