/**
 * OAuth2 client-credentials with a JWT-bearer client assertion (RFC 7523; Au10tix's iOS sample posts
 * `client_assertion=<customer-signed JWT>` to `/oauth2/v1/token`, docs/references.md, "Vendor APIs: Au10tix"). The access token
 * is cached until `tokenRefreshSkewSeconds` before it expires; concurrent callers share one fetch.
 */
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { SignJWT, decodeJwt, importPKCS8 } from 'jose';
import { ProviderError } from '../contract';
import { parseVendorBody, readVendor } from '../vendor-http/vendorClient';
import { tokenUrlOf, type Au10tixConfig } from './config';
import { AccessTokenClaimsSchema, TokenResponseSchema } from './schemas';

/** Our assertion lives at most 5 minutes (the brief's ceiling for client assertions). */
const ASSERTION_TTL_SECONDS = 300;

export class Au10tixTokens {
  private cached: { token: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  private key: ReturnType<typeof importPKCS8> | null = null;

  constructor(
    private readonly http: AxiosInstance,
    private readonly config: Au10tixConfig,
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    if (this.cached !== null && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** After a 401: the vendor no longer accepts the cached token. */
  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const tokenUrl = tokenUrlOf(this.config);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await this.assertion(tokenUrl),
      scope: this.config.scope,
    });
    const response = await readVendor('au10tix', TokenResponseSchema, 'token', () => this.http.post(tokenUrl, form));
    const claims = parseVendorBody('au10tix', AccessTokenClaimsSchema, safeDecode(response.access_token), 'access token claims');
    const scopes = Array.isArray(claims.scp) ? claims.scp : claims.scp.split(' ');
    if (!scopes.includes(this.config.scope)) {
      throw new ProviderError('idv.vendor_auth_failed', `au10tix: token lacks scope ${this.config.scope}`, { transient: false });
    }
    // Trust the earlier of expires_in and the token's own exp.
    const expiresAt = Math.min(this.now() + response.expires_in * 1000, claims.exp * 1000);
    this.cached = { token: response.access_token, refreshAt: expiresAt - this.config.tokenRefreshSkewSeconds * 1000 };
    return response.access_token;
  }

  private async assertion(tokenUrl: string): Promise<string> {
    this.key ??= importPKCS8(this.config.clientPrivateKeyPem, 'ES256');
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(this.config.clientId)
      .setSubject(this.config.clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + ASSERTION_TTL_SECONDS)
      .setJti(randomUUID())
      .sign(await this.key);
  }
}

function safeDecode(token: string): unknown {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}
