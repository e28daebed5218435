// The S3 part of the AWS emulator (REST-XML, path-style): ListObjectsV2 (paginated by a page
// size the emulator sets), GetObject (Range included), HeadObject and PutObject, per account. A bucket of
// another account is AccessDenied, as is any object a test denies; an object can be cut short
// mid-body (the connection dropped after part of it) to test truncated downloads.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A bucket and its objects. */
export interface EmulatedBucket {
  name: string;
  account: string;
  objects: Map<string, Buffer>;
  /** Keys whose GetObject is AccessDenied. */
  deniedKeys?: Set<string>;
  /** Keys whose body is cut off after this many bytes (the socket is destroyed). */
  truncated?: Map<string, number>;
  /**
   * Keys whose GetObject stalls: answers nothing (`before`), or the headers and half the body
   * (`body`), then holds the connection open; the first `times` requests stall, later ones are
   * answered. The emulator's close() drops the held connections.
   */
  stalls?: Map<string, { at: 'before' | 'body'; times: number }>;
  /** GetObject requests per key, counted as they arrive. */
  gets?: Map<string, number>;
  /** The bucket's Block Public Access settings; absent: none set. */
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  /** Whether the bucket policy makes it public. */
  policyPublic?: boolean;
  /** Keys whose object ACL grants everyone (AllUsers) READ. */
  publicReadKeys?: Set<string>;
  /** Per key: the object's LastModified (ISO) and version id, when a test sets them. */
  versions?: Map<string, { lastModified: string; versionId: string }>;
  /** The policy status answer: `missing` gives a PolicyStatus with no IsPublic; `none` NoSuchBucketPolicy. Default: from policyPublic. */
  policyStatus?: 'missing' | 'none';
}

/** Emulator state the S3 handler reads. */
export interface S3State {
  buckets: EmulatedBucket[];
  /** Page size of ListObjectsV2 (the client's MaxKeys, when smaller, wins). */
  s3PageSize: number;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Sends an S3 error document. */
export function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`);
}

const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

function list(bucket: EmulatedBucket, url: URL, pageSize: number, res: ServerResponse): void {
  const prefix = url.searchParams.get('prefix') ?? '';
  const maxKeys = Math.min(pageSize, Number(url.searchParams.get('max-keys') ?? 1000));
  const start = Number(url.searchParams.get('continuation-token') ?? 0);
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  const page = keys.slice(start, start + maxKeys);
  const next = start + maxKeys < keys.length ? String(start + maxKeys) : null;
  const contents = page
    .map((k) => {
      const body = bucket.objects.get(k) as Buffer;
      return `<Contents><Key>${escapeXml(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>${escapeXml(etagOf(body))}</ETag><Size>${body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket.name}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${next !== null}</IsTruncated>${next !== null ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
  );
}

function get(bucket: EmulatedBucket, key: string, req: IncomingMessage, res: ServerResponse): void {
  const body = bucket.objects.get(key);
  if (body === undefined) {
    sendS3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    return;
  }
  if (bucket.deniedKeys?.has(key)) {
    sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
    return;
  }
  let from = 0;
  let to = body.length - 1;
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range) {
    from = Number(range[1]);
    to = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
  }
  const part = body.subarray(from, to + 1);
  const count = (bucket.gets?.get(key) ?? 0) + 1;
  bucket.gets?.set(key, count);
  const stall = bucket.stalls?.get(key);
  if (stall !== undefined && count <= stall.times && req.method !== 'HEAD') {
    if (stall.at === 'before') return;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(part.length) });
    res.write(part.subarray(0, part.length >> 1));
    return;
  }
  const v = bucket.versions?.get(key);
  const headers = {
    'content-type': 'application/octet-stream',
    'content-length': String(part.length),
    etag: etagOf(body),
    'last-modified': v ? new Date(v.lastModified).toUTCString() : 'Thu, 01 Jan 2026 00:00:00 GMT',
    ...(v ? { 'x-amz-version-id': v.versionId } : {}),
  };
  res.writeHead(range ? 206 : 200, range ? { ...headers, 'content-range': `bytes ${from}-${to}/${body.length}` } : headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const cut = bucket.truncated?.get(key);
  if (cut !== undefined && !range) {
    res.write(part.subarray(0, cut), () => res.destroy());
    return;
  }
  res.end(part);
}

/** Serves one S3 request from a verified caller of `account`. */
export function s3(state: S3State, req: IncomingMessage, res: ServerResponse, account: string, body: Buffer): void {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const [, bucketName = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const bucket = state.buckets.find((b) => b.name === bucketName);
  if (!bucket) {
    sendS3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    return;
  }
  if (bucket.account !== account) {
    sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
    return;
  }
  if (req.method === 'GET' && key === '' && url.searchParams.has('publicAccessBlock')) {
    const pab = bucket.publicAccessBlock;
    if (!pab) sendS3Error(res, 404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    else {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<PublicAccessBlockConfiguration>${Object.entries(pab)
          .map(([k, v]) => `<${k}>${v}</${k}>`)
          .join('')}</PublicAccessBlockConfiguration>`,
      );
    }
    return;
  }
  if (req.method === 'GET' && key === '' && url.searchParams.has('policyStatus')) {
    if (bucket.policyStatus === 'none') {
      sendS3Error(res, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      bucket.policyStatus === 'missing'
        ? '<PolicyStatus></PolicyStatus>'
        : `<PolicyStatus><IsPublic>${bucket.policyPublic === true}</IsPublic></PolicyStatus>`,
    );
    return;
  }
  if (req.method === 'GET' && key !== '' && url.searchParams.has('acl')) {
    const everyone = bucket.publicReadKeys?.has(key)
      ? '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>'
      : '';
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>${everyone}</AccessControlList></AccessControlPolicy>`,
    );
    return;
  }
  if (req.method === 'PUT' && key !== '') {
    bucket.objects.set(key, body);
    res.writeHead(200, { etag: etagOf(body) });
    res.end();
  } else if ((req.method === 'GET' || req.method === 'HEAD') && key !== '') get(bucket, key, req, res);
  else if (req.method === 'GET' && url.searchParams.get('list-type') === '2') list(bucket, url, state.s3PageSize, res);
  else sendS3Error(res, 501, 'NotImplemented', `${req.method} ${url.pathname} is not emulated`);
}
