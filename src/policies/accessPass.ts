/**
 * Temporary Access Pass policy (Entra: lifetime 10–43,200 min, length 8–48, one per user).
 *
 * Alphabet: no look-alikes (0/O, 1/I), no characters shells or URLs mangle, 32 symbols = 5 bits each, so the default 12 characters
 * carry 60 bits. The pass is only ever redeemed together with the username, which NIST SP
 * 800-63B-4 §4.1.2.2 allows at ≥ 40 bits; below 112 bits ASVS 5.0 §6.5.2 asks for a salted
 * password hash, hence scrypt with a 16-byte salt rather than a bare SHA-256.
 */
import { createHmac, randomInt } from 'node:crypto';

/** The salted hash (scrypt) sits below the stores, which compare a code on redemption. */
export { accessPassMatches, hashAccessPass } from '../crypto/accessPassHash';

export const ACCESS_PASS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface AccessPassPolicy {
  lifetimeMinutes: number;
  length: number;
  oneTimeUse: boolean;
  maxAttempts: number;
}

export function generateAccessPass(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += ACCESS_PASS_ALPHABET.charAt(randomInt(ACCESS_PASS_ALPHABET.length));
  return code;
}

/**
 * A pass derived from a server key and per-pass material (a random nonce, bound to its recovery): HMAC-SHA256 gives 256 bits, read 5 bits per
 * character (the alphabet has exactly 32 symbols, so there is no modulo bias), enough for the
 * longest pass Entra allows (48 characters, 240 bits). Used to prepare a pass before it is shown
 * (src/recovery/accessPassCandidate.ts): only the nonce is stored, never the code.
 */
export function deriveAccessPass(key: Buffer, material: Buffer, length: number): string {
  if (length > 51) throw new RangeError('an access pass derived from one HMAC-SHA256 has at most 51 characters');
  const bits = createHmac('sha256', key).update(material).digest();
  let code = '';
  for (let i = 0; i < length; i += 1) {
    const bit = i * 5;
    const pair = ((bits[bit >> 3] ?? 0) << 8) | (bits[(bit >> 3) + 1] ?? 0);
    code += ACCESS_PASS_ALPHABET.charAt((pair >> (11 - (bit & 7))) & 31);
  }
  return code;
}
