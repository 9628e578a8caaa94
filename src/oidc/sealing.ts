/**
 * Sealing of the provider's secrets at rest: private signing keys, client secrets. AES-256-GCM
 * under keys derived with HKDF-SHA256 (RFC 5869) from OIDC_KEYS_SECRET, or from EVIDENCE_KEY when
 * that is unset; one derived key per purpose, so a ciphertext of one kind never opens as another,
 * and the record's id is bound in as additional authenticated data (a sealed key copied under
 * another kid does not open). The layout is the evidence cipher's (src/evidence/cipher.ts).
 */
import { hkdfSync } from 'node:crypto';
import { decryptEvidence, encryptEvidence } from '../evidence/cipher';

export type SealPurpose = 'jwks' | 'client-secrets' | 'cookies';

export function deriveKey(master: Buffer, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `recovery-oidc-provider/${purpose}/v1`, 32));
}

export class Sealer {
  private readonly key: Buffer;
  constructor(
    master: Buffer,
    private readonly purpose: SealPurpose,
  ) {
    this.key = deriveKey(master, purpose);
  }

  seal(id: string, plaintext: string): string {
    return encryptEvidence(this.key, `${this.purpose}:${id}`, Buffer.from(plaintext, 'utf8')).toString('base64url');
  }

  open(id: string, sealed: string): string {
    return decryptEvidence(this.key, `${this.purpose}:${id}`, Buffer.from(sealed, 'base64url')).toString('utf8');
  }
}
