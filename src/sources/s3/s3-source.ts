// S3 objects as scan input: listed page by page (ListObjectsV2), read as streams, and zips read
// by ranges so that the central directory at their end is reached without downloading the rest
// first. Nothing is written to disk. Loaded only when an s3:// target is scanned.
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/** One object to scan. */
export interface S3Object {
  key: string;
  size: number;
  /** The ETag: what the sweep state remembers to skip an unchanged object. */
  etag: string;
}

/** Every object under `prefix`, page by page; errors are the SDK's. */
export async function* listS3Objects(client: S3Client, bucket: string, prefix: string): AsyncGenerator<S3Object> {
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, ...(prefix ? { Prefix: prefix } : {}) })) {
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined || o.Key.endsWith('/')) continue;
      yield { key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' };
    }
  }
}

/** The object's bytes (or the inclusive byte range `[start, end]`) as a stream. */
export async function readS3Object(client: S3Client, bucket: string, key: string, range?: [number, number]): Promise<Readable> {
  const out = await client.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range[0]}-${range[1]}` } : {}) }),
  );
  return out.Body as Readable;
}

// yauzl asks for ranges synchronously; the stream is handed back at once and fed when S3 answers.
class S3RangeReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    if (end <= start) {
      out.end();
      return out;
    }
    readS3Object(this.client, this.bucket, this.key, [start, end - 1]).then(
      (body) => {
        body.on('error', (err) => out.destroy(err));
        // yauzl destroys the stream it reads once it has enough: the socket behind goes too.
        out.on('close', () => body.destroy());
        body.pipe(out);
      },
      (err: Error) => out.destroy(err),
    );
    return out;
  }
}

/** Opens a zip object for random access: the central directory first, then each member as read. */
export function openS3Zip(client: S3Client, bucket: string, object: S3Object): Promise<yauzl.ZipFile> {
  return yauzl.fromRandomAccessReaderPromise(new S3RangeReader(client, bucket, object.key), object.size, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: false,
  });
}
