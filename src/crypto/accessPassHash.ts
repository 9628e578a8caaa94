/**
 * The access pass's salted hash: below 112 bits ASVS 5.0 §6.5.2 asks for a salted password hash,
 * hence scrypt with a 16-byte salt rather than a bare SHA-256 (policy: src/policies/accessPass.ts).
 * Here, below the stores, because the access-pass store compares a code on redemption.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;

export async function hashAccessPass(code: string, salt: Buffer = randomBytes(16)): Promise<{ salt: string; hash: string }> {
  return { salt: salt.toString('base64'), hash: (await scryptAsync(code, salt, 32, SCRYPT)).toString('base64') };
}

export async function accessPassMatches(code: string, salt: string, hash: string): Promise<boolean> {
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(code, Buffer.from(salt, 'base64'), 32, SCRYPT);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
