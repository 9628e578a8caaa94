/**
 * Temporary Access Pass policy (Entra: lifetime 10–43,200 min, length 8–48, one per user).
 *
 * Alphabet: no look-alikes (0/O, 1/I), no characters shells or URLs mangle, 32 symbols = 5 bits each, so the default 12 characters
 * carry 60 bits. The pass is only ever redeemed together with the username, which NIST SP
 * 800-63B-4 §4.1.2.2 allows at ≥ 40 bits; below 112 bits ASVS 5.0 §6.5.2 asks for a salted
 * password hash, hence scrypt with a 16-byte salt rather than a bare SHA-256.
 */
import { randomInt, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export const ACCESS_PASS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface AccessPassPolicy {
  lifetimeMinutes: number;
  length: number;
  oneTimeUse: boolean;
  maxAttempts: number;
}

export function generateAccessPass(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += ACCESS_PASS_ALPHABET[randomInt(ACCESS_PASS_ALPHABET.length)];
  return code;
}

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;

export async function hashAccessPass(code: string, salt: Buffer = randomBytes(16)): Promise<{ salt: string; hash: string }> {
  return { salt: salt.toString('base64'), hash: (await scryptAsync(code, salt, 32, SCRYPT)).toString('base64') };
}

export async function accessPassMatches(code: string, salt: string, hash: string): Promise<boolean> {
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(code, Buffer.from(salt, 'base64'), 32, SCRYPT);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
