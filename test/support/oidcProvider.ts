/**
 * A real OpenID Provider for the staff sign-in tests: panva's oidc-provider, in process, on its own
 * loopback port, with a confidential client for the service, PKCE required, and a minimal login
 * page (username and password) as its interaction. Its accounts differ by their `groups` claim: an
 * admin, two help-desk agents (one also a reviewer), a reviewer, and a member of no mapped group.
 * oidc-provider runs on the wall clock for its own tokens, as a real OP would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  username: string;
  email: string;
  name: string;
  groups: string[];
}

export const PASSWORD = 'correct horse battery staple';
export const ACCOUNTS: Record<string, TestAccount> = {
  ada: { sub: 'u-1001', username: 'ada', email: 'ada.admin@example.test', name: 'Ada Admin', groups: ['rec-admins', 'all-staff'] },
  alex: { sub: 'u-1002', username: 'alex', email: 'alex.agent@example.test', name: 'Alex Agent', groups: ['rec-helpdesk', 'all-staff'] },
  sam: { sub: 'u-1003', username: 'sam', email: 'sam.agent@example.test', name: 'Sam Agent', groups: ['rec-helpdesk', 'rec-reviewers'] },
  rita: { sub: 'u-1004', username: 'rita', email: 'rita.reviewer@example.test', name: 'Rita Reviewer', groups: ['rec-reviewers'] },
  nora: { sub: 'u-1005', username: 'nora', email: 'nora.norole@example.test', name: 'Nora Norole', groups: ['all-staff'] },
};

export interface TestOp {
  issuer: string;
  /** The service's STAFF_OIDC_* settings for this OP. */
  env: Record<string, string>;
  /** Registers the service's client (its redirect URI is known once the harness listens). */
  register(redirectUri: string): Promise<void>;
  close(): Promise<void>;
}

const CLIENT_ID = 'recovery-staff';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, message: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example Org sign-in</title></head>
<body><h1>Example Org</h1><p>Sign in to continue to the account-recovery service.</p>
${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></body></html>`;
}

/** oidc-provider's storage contract, in memory (one OP per test file; its state dies with it). */
class MemoryAdapter {
  private static readonly store = new Map<string, Record<string, unknown>>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>) {
    MemoryAdapter.store.set(this.key(id), payload);
  }
  async find(id: string) {
    return MemoryAdapter.store.get(this.key(id));
  }
  async findByUid(uid: string) {
    return [...MemoryAdapter.store.entries()].find(([k, v]) => k.startsWith(`${this.model}:`) && v.uid === uid)?.[1];
  }
  async findByUserCode(code: string) {
    return [...MemoryAdapter.store.entries()].find(([k, v]) => k.startsWith(`${this.model}:`) && v.userCode === code)?.[1];
  }
  async consume(id: string) {
    const v = MemoryAdapter.store.get(this.key(id));
    if (v) v.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [k, v] of MemoryAdapter.store) if (v.grantId === grantId) MemoryAdapter.store.delete(k);
  }
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(): Promise<TestOp> {
  let provider: Provider | null = null;
  const server = http.createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match) return void provider.callback()(req, res);
    interaction(provider, req, res, match[2] !== undefined).catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('base64url');

  return {
    issuer,
    env: {
      STAFF_OIDC_ISSUER: issuer,
      STAFF_OIDC_CLIENT_ID: CLIENT_ID,
      STAFF_OIDC_CLIENT_SECRET: clientSecret,
      STAFF_OIDC_ADMIN_GROUPS: 'rec-admins',
      STAFF_OIDC_HELPDESK_GROUPS: 'rec-helpdesk',
      STAFF_OIDC_REVIEWER_GROUPS: 'rec-reviewers',
    },
    async register(redirectUri) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      provider = new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-op-1', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        // Every request must carry a PKCE challenge (RFC 7636; OAuth 2.1 requires it of every client).
        pkce: { required: () => true },
        // `groups` rides with the profile scope (the service asks for `openid email profile`).
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'groups'] },
        // Like Entra and Keycloak, the ID token carries the profile and groups claims itself.
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: false } },
        adapter: MemoryAdapter,
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        async findAccount(_ctx, sub) {
          const account = Object.values(ACCOUNTS).find((a) => a.sub === sub);
          if (!account) return undefined;
          return {
            accountId: sub,
            claims: async () => ({
              sub,
              email: account.email,
              email_verified: true,
              name: account.name,
              preferred_username: account.username,
              groups: account.groups,
            }),
          };
        },
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** GET: the login form; POST …/login: check the password, then finish with login and consent. */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, submitted: boolean): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const send = (status: number, message: string | null) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(details.uid, message));
  if (!submitted || req.method !== 'POST') return void send(200, null);
  const form = await readForm(req);
  const account = ACCOUNTS[form.get('username') ?? ''];
  if (!account || form.get('password') !== PASSWORD) return void send(401, 'Wrong username or password.');
  const clientId = String(details.params.client_id);
  const grant = new provider.Grant({ accountId: account.sub, clientId });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: account.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
