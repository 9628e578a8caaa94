/**
 * Encrypted evidence objects in S3. Jobs carry these object keys, never image bytes.
 */
import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { decryptEvidence, encryptEvidence } from '../evidence/cipher';

export const evidenceParts = ['selfie', 'documentFront', 'documentBack'] as const;
export type EvidencePart = (typeof evidenceParts)[number];

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  keyPrefix: string;
}

export function createS3Client(s: S3Settings): S3Client {
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    // s3rver stores aws-chunked framing inside objects (docs/references.md, "Local stand-ins: s3rver quirks", quirk 1): send plain bodies.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export class EvidenceStore {
  constructor(
    private readonly s3: S3Client,
    private readonly settings: S3Settings,
    private readonly key: Buffer,
  ) {}

  objectKey(recoveryId: string, uploadId: string, part: EvidencePart): string {
    return `${this.settings.keyPrefix}evidence/${recoveryId}/${uploadId}/${part}`;
  }

  async put(objectKey: string, plaintext: Buffer): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: objectKey,
        Body: encryptEvidence(this.key, objectKey, plaintext),
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async get(objectKey: string): Promise<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: objectKey }));
    if (!out.Body) throw new Error(`empty evidence object ${objectKey}`);
    return decryptEvidence(this.key, objectKey, Buffer.from(await out.Body.transformToByteArray()));
  }

  /** Idempotent: deleting objects that are already gone succeeds. */
  async remove(objectKeys: string[]): Promise<void> {
    if (objectKeys.length === 0) return;
    await this.s3.send(
      new DeleteObjectsCommand({
        Bucket: this.settings.bucket,
        Delete: { Objects: objectKeys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch {
      await this.s3.send(new CreateBucketCommand({ Bucket: this.settings.bucket }));
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      return true;
    } catch {
      return false;
    }
  }
}
