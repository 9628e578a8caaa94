/**
 * Access tokens for `https://graph.microsoft.com`, shaped like Entra's app-only v1.0 tokens
 * (`iss` = `https://sts.windows.net/{tenant}/`, `appid`, `tid`, `idtyp: app`, `roles`) and signed
 * with a key the stand-in makes at start-up. Lifetimes run on the wall clock, not the directory
 * clock: MSAL caches and refreshes tokens by the machine's time, as it would against Entra.
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Entra's app-only tokens live an hour, less a second. */
export const TOKEN_LIFETIME_SECONDS = 3599;
/** The application permissions the stand-in grants: everything the connector calls. */
const ROLES = [
  'User.Read.All',
  'GroupMember.Read.All',
  'UserAuthMethod-TAP.ReadWrite.All',
  'UserAuthMethod-Passkey.ReadWrite.All',
  'User.RevokeSessions.All',
  'Policy.Read.AuthenticationMethod',
];

type SigningKeys = Awaited<ReturnType<typeof generateKeyPair>>;

export class AccessTokens {
  private constructor(
    private readonly keys: SigningKeys,
    private readonly kid: string,
    private readonly tenantId: string,
  ) {}

  static async create(tenantId: string): Promise<AccessTokens> {
    return new AccessTokens(await generateKeyPair('RS256', { extractable: true }), randomUUID(), tenantId);
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.keys.publicKey);
    return { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  async issue(clientId: string): Promise<string> {
    return new SignJWT({ appid: clientId, tid: this.tenantId, idtyp: 'app', roles: ROLES, ver: '1.0', oid: clientId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(GRAPH_RESOURCE)
      .setSubject(clientId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
  }

  /** True for a token this stand-in issued, for Graph, still valid. */
  async verify(token: string): Promise<boolean> {
    try {
      await jwtVerify(token, this.keys.publicKey, { issuer: this.issuer, audience: GRAPH_RESOURCE, algorithms: ['RS256'] });
      return true;
    } catch {
      return false;
    }
  }
}
