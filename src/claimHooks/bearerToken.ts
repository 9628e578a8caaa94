/**
 * OAuth 2.0 client-credentials tokens for hooks that want a bearer on top of the signature
 * (RFC 6749 §4.4; Entra's own extensions are called with one). Cached in this process's memory
 * until shortly before expiry: a token is a credential, not recovery state, and memory is the one
 * place it never has to be written down. Each process fetches its own; concurrent callers share
 * one request.
 */
import { z } from 'zod';
import type { ClaimHook } from './hookConfig';

/** RFC 6749 §5.1; `expires_in` is RECOMMENDED, so a default applies without it. */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().int().positive().optional(),
});

const DEFAULT_LIFETIME_S = 300;
/** Renew this early, so a token never expires between the check and the hook's own. */
const EARLY_RENEWAL_MS = 30_000;

export class HookTokenError extends Error {
  readonly code = 'claim_hook.token_failed';
}

type OAuthSettings = NonNullable<ClaimHook['oauth2']>;

export class HookTokenCache {
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  async token(settings: OAuthSettings, signal: AbortSignal): Promise<string> {
    const key = `${settings.tokenUrl}\n${settings.clientId}\n${settings.scope ?? ''}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - EARLY_RENEWAL_MS > this.now()) return cached.value;
    let running = this.pending.get(key);
    if (!running) {
      running = this.fetchToken(key, settings, signal).finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  private async fetchToken(key: string, s: OAuthSettings, signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret });
    if (s.scope) form.set('scope', s.scope);
    const response = await fetch(s.tokenUrl, { method: 'POST', body: form, signal, headers: { accept: 'application/json' } }).catch((err: unknown) => {
      throw new HookTokenError(`token endpoint unreachable: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (!response.ok) throw new HookTokenError(`token endpoint answered ${response.status}`);
    const parsed = TokenResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new HookTokenError('token endpoint answered without a bearer token');
    const { access_token: value, expires_in: lifetime = DEFAULT_LIFETIME_S } = parsed.data;
    this.tokens.set(key, { value, expiresAt: this.now() + lifetime * 1000 });
    return value;
  }
}
