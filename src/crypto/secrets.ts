/**
 * Secrets (recovery tokens, link tokens, API keys) are 256-bit CSPRNG values and are stored only
 * as SHA-256 digests: at ≥ 112 bits a plain hash is enough (OWASP ASVS 5.0 §6.5.2).
 * Access passes are shorter and use a salted slow hash instead (see policies/accessPass.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored SHA-256 hex digest. */
export function matchesHash(presented: string, storedHex: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
