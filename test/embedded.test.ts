import { Redis } from 'ioredis';
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';

describe('embedded services used by the test run', () => {
  it('Redis answers', async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL as string);
    await expect(redis.ping()).resolves.toBe('PONG');
    redis.disconnect();
  });

  it('s3rver stores and returns bytes unchanged (no aws-chunked framing)', async () => {
    const s3 = new S3Client({
      endpoint: process.env.TEST_S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const body = Buffer.from('hello evidence');
    await s3.send(new PutObjectCommand({ Bucket: process.env.TEST_S3_BUCKET, Key: 'probe/x', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: process.env.TEST_S3_BUCKET, Key: 'probe/x' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    s3.destroy();
  });
});
