import { ListObjectsV2Command, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Harness } from './harness';

export function s3For(h: Harness): S3Client {
  return new S3Client({
    endpoint: h.infra.s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Every object under this harness's prefix, with its bytes. */
export async function objects(h: Harness): Promise<Array<{ key: string; body: Buffer }>> {
  const s3 = s3For(h);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: h.infra.s3.bucket, Prefix: h.infra.s3.keyPrefix }));
  const out = [];
  for (const o of listed.Contents ?? []) {
    const got = await s3.send(new GetObjectCommand({ Bucket: h.infra.s3.bucket, Key: o.Key! })).catch((err: { name?: string }) => {
      if (err.name === 'NoSuchKey') return null; // deleted between listing and reading
      throw err;
    });
    if (got) out.push({ key: o.Key!, body: Buffer.from(await got.Body!.transformToByteArray()) });
  }
  s3.destroy();
  return out;
}

/** Every value stored under this harness's Redis prefix and BullMQ prefix, dumped as text. */
export async function redisDump(h: Harness): Promise<string> {
  const redis = h.redis;
  const keys = await redis.keys(`${h.prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(key, (await redis.get(key)) ?? '');
    else if (type === 'hash') parts.push(key, JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(key, JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(key, JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(key, JSON.stringify(await redis.zrange(key, '0', '-1')));
    else if (type === 'stream') parts.push(key, JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}
