/**
 * Evidence is encrypted by the service before it leaves the process (AES-256-GCM), whatever the
 * object store offers: s3rver ignores SSE entirely (docs/references.md, "Local stand-ins: s3rver quirks", quirk 3), and a real bucket's SSE
 * would still let anyone with bucket read access see faces. The object key is bound in as
 * additional authenticated data, so a ciphertext copied under another key does not decrypt.
 *
 * Layout: 0x01 | 12-byte IV | ciphertext | 16-byte tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 0x01;

export function encryptEvidence(key: Buffer, objectKey: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(objectKey, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
}

export function decryptEvidence(key: Buffer, objectKey: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) throw new Error('evidence object has an unknown format');
  const iv = sealed.subarray(1, 13);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(objectKey, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]);
}
