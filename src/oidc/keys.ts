/**
 * The provider's signing keys and their rotation. One key signs; after a rotation the previous one
 * stays published (never signing) for OIDC_KEY_GRACE_HOURS, so an ID token signed just before the
 * rotation still verifies at a relying party holding it or a cached JWKS (OpenID Connect Core 1.0
 * §10.1.1: "the JWK Set ... MAY contain keys other than the one used to sign"; RPs re-fetch the
 * JWKS on an unknown kid). Expiry is judged on the injected clock.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../clock';
import type { OidcKeyStore, StoredKey } from '../stores/oidcKeyStore';
import type { Sealer } from './sealing';

export interface KeySettings {
  graceMs: number;
  /** 0 = no automatic rotation. */
  rotationMs: number;
}

export interface KeySet {
  /** Private JWKs, the signing key first (oidc-provider signs with the first key for the alg). */
  jwks: JWK[];
  /** When this set stops being right (a retired key leaves, or the signing key is due), epoch ms. */
  validUntil: number;
}

export interface KeyView {
  kid: string;
  alg: string;
  createdAt: number;
  retiredAt: number | null;
  /** When it leaves the JWKS; null while it signs. */
  removeAt: number | null;
  signing: boolean;
}

const LOCK_MS = 30_000;

export class SigningKeys {
  constructor(
    private readonly store: OidcKeyStore,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
    private readonly settings: KeySettings,
  ) {}

  version(): Promise<string> {
    return this.store.version();
  }

  /** The published set; creates the first key, or rotates a key past OIDC_KEY_ROTATION_DAYS. */
  async current(): Promise<KeySet> {
    let keys = await this.store.list();
    const signing = signingKey(keys);
    const due = signing && this.settings.rotationMs > 0 && this.clock.now() >= signing.createdAt + this.settings.rotationMs;
    if (!signing || due) keys = (await this.rotateOnce(keys)) ?? (await this.waitForSigningKey());
    return this.setOf(keys);
  }

  /** Admin rotation: a new signing key now; the previous one is kept for the grace period. Null while another process rotates. */
  async rotate(): Promise<KeyView[] | null> {
    const keys = await this.rotateOnce(await this.store.list(), true);
    return keys ? this.views(keys) : null;
  }

  async list(): Promise<KeyView[]> {
    return this.views(await this.store.list());
  }

  private async rotateOnce(before: StoredKey[], forced = false): Promise<StoredKey[] | null> {
    if (!(await this.store.claimRotation(LOCK_MS))) return null;
    try {
      const now = this.clock.now();
      const keys = await this.store.list();
      // Another process may have rotated between our read and the lock.
      const signing = signingKey(keys);
      if (!forced && signing && signingKey(before)?.kid !== signing.kid) return keys;
      const fresh = await this.generate(now);
      const retired = signing ? [{ ...signing, retiredAt: now }] : [];
      const gone = keys.filter((k) => k.retiredAt !== null && now >= k.retiredAt + this.settings.graceMs).map((k) => k.kid);
      await this.store.write([fresh, ...retired], gone);
      return await this.store.list();
    } finally {
      await this.store.releaseRotation();
    }
  }

  private async waitForSigningKey(): Promise<StoredKey[]> {
    for (let i = 0; i < 100; i += 1) {
      const keys = await this.store.list();
      if (signingKey(keys)) return keys;
      await new Promise((r) => setTimeout(r, 50)); // another process is writing the first key
    }
    throw new Error('no OpenID Provider signing key appeared');
  }

  private async generate(now: number): Promise<StoredKey> {
    const kid = randomBytes(12).toString('base64url');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    return { kid, alg: 'RS256', createdAt: now, retiredAt: null, sealed: this.sealer.seal(kid, JSON.stringify(jwk)) };
  }

  private setOf(keys: StoredKey[]): KeySet {
    const now = this.clock.now();
    const published = keys
      .filter((k) => k.retiredAt === null || now < k.retiredAt + this.settings.graceMs)
      .sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || b.createdAt - a.createdAt);
    const ends = published.flatMap((k) => (k.retiredAt !== null ? [k.retiredAt + this.settings.graceMs] : []));
    const signing = signingKey(published);
    if (signing && this.settings.rotationMs > 0) ends.push(signing.createdAt + this.settings.rotationMs);
    return {
      jwks: published.map((k) => JSON.parse(this.sealer.open(k.kid, k.sealed)) as JWK),
      validUntil: ends.length > 0 ? Math.min(...ends) : Number.POSITIVE_INFINITY,
    };
  }

  private views(keys: StoredKey[]): KeyView[] {
    return keys
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((k) => ({
        kid: k.kid,
        alg: k.alg,
        createdAt: k.createdAt,
        retiredAt: k.retiredAt,
        removeAt: k.retiredAt === null ? null : k.retiredAt + this.settings.graceMs,
        signing: k.retiredAt === null,
      }));
  }
}

function signingKey(keys: StoredKey[]): StoredKey | undefined {
  return keys.filter((k) => k.retiredAt === null).sort((a, b) => b.createdAt - a.createdAt)[0];
}
