/**
 * The mock's OAuth2 token endpoint and bearer check (docs/references.md, "Vendor APIs: Au10tix"). It verifies our ES256 client
 * assertion (iss = sub = clientId, aud = the token URL, exp at most 5 minutes ahead, jti never
 * replayed) and issues an ES256 access token with the claims tools read from real ones: `scp`,
 * `apiUrl`, `clientOrganizationId`, `clientOrganizationName`, `exp`.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, importSPKI, jwtVerify } from 'jose';
import { z } from 'zod';

type Key = Awaited<ReturnType<typeof importSPKI>>;

export interface TokenIssuerOptions {
  clientId: string;
  clientPublicKeyPem: string;
  organizationId: string;
  ttlSeconds: number;
  now: () => Date;
  /** The mock's own base URL, known once it listens. */
  selfUrl: () => string;
}

export interface TokenOutcome {
  status: number;
  body: Record<string, unknown>;
}

const FormSchema = z.object({
  grant_type: z.literal('client_credentials'),
  client_assertion_type: z.literal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
  client_assertion: z.string().min(1),
  scope: z.string().default(''),
});
const MAX_ASSERTION_SECONDS = 300;

export class MockTokenIssuer {
  private readonly seenJti = new Map<string, number>();

  private constructor(
    private readonly options: TokenIssuerOptions,
    private readonly clientKey: Key,
    private readonly signing: { privateKey: Key; publicKey: Key },
  ) {}

  static async create(options: TokenIssuerOptions): Promise<MockTokenIssuer> {
    const clientKey = await importSPKI(options.clientPublicKeyPem, 'ES256');
    return new MockTokenIssuer(options, clientKey, await generateKeyPair('ES256'));
  }

  async issue(form: unknown): Promise<TokenOutcome> {
    const parsed = FormSchema.safeParse(form);
    if (!parsed.success) return oauthError(400, 'invalid_request', 'client_credentials with a jwt-bearer client_assertion required');
    const nowSeconds = Math.floor(this.options.now().getTime() / 1000);
    const claims = await this.verifyAssertion(parsed.data.client_assertion);
    if (claims === null) return oauthError(401, 'invalid_client', 'client assertion rejected');
    if (claims.exp - nowSeconds > MAX_ASSERTION_SECONDS) return oauthError(401, 'invalid_client', 'assertion lives longer than 5 minutes');
    for (const [jti, exp] of this.seenJti) if (exp < nowSeconds) this.seenJti.delete(jti);
    if (this.seenJti.has(claims.jti)) return oauthError(401, 'invalid_client', 'assertion jti replayed');
    this.seenJti.set(claims.jti, claims.exp);
    if (!parsed.data.scope.split(' ').includes('bos')) return oauthError(400, 'invalid_scope', 'scope must include bos');
    const token = await new SignJWT({
      scp: 'bos',
      apiUrl: this.options.selfUrl(),
      clientOrganizationId: this.options.organizationId,
      clientOrganizationName: 'Mock organisation',
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(this.options.selfUrl())
      .setSubject(this.options.clientId)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.options.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.signing.privateKey);
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.options.ttlSeconds } };
  }

  /** True for a live access token this mock issued with scope `bos`. */
  async verifyBearer(token: string): Promise<boolean> {
    try {
      const { payload } = await jwtVerify(token, this.signing.publicKey, {
        issuer: this.options.selfUrl(),
        currentDate: this.options.now(),
        algorithms: ['ES256'],
      });
      return payload.scp === 'bos';
    } catch {
      return false;
    }
  }

  private async verifyAssertion(assertion: string): Promise<{ exp: number; jti: string } | null> {
    try {
      const { payload } = await jwtVerify(assertion, this.clientKey, {
        issuer: this.options.clientId,
        subject: this.options.clientId,
        audience: `${this.options.selfUrl()}/oauth2/v1/token`,
        algorithms: ['ES256'],
        currentDate: this.options.now(),
        requiredClaims: ['exp', 'jti'],
      });
      return payload.exp !== undefined && payload.jti !== undefined ? { exp: payload.exp, jti: payload.jti } : null;
    } catch {
      return null;
    }
  }
}

function oauthError(status: number, error: string, description: string): TokenOutcome {
  return { status, body: { error, error_description: description } };
}
