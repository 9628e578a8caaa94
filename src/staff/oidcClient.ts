/**
 * The organisation's OpenID Provider, through openid-client (no hand-written protocol code). The
 * provider's metadata is discovered on first use (OpenID Connect Discovery 1.0 §4), not at boot, so
 * an unreachable OP never stops the service from starting; a failed discovery answers
 * `staff.provider_unavailable` (503) and is tried again on the next sign-in.
 */
import * as oidc from 'openid-client';
import type { AppConfig } from '../config';
import { errors } from '../errors';
import type { Logger } from '../logger';

export interface StaffOidcSettings {
  issuer: string;
  clientId: string;
  /** Absent: a public client, protected by PKCE alone (RFC 7636 §1). */
  clientSecret?: string;
  redirectUri: string;
  scopes: string;
}

/** The settings, or null when staff OIDC is off (STAFF_OIDC_ISSUER unset). */
export function staffOidcSettings(config: AppConfig): StaffOidcSettings | null {
  if (!config.STAFF_OIDC_ISSUER || !config.STAFF_OIDC_CLIENT_ID) return null;
  return {
    issuer: config.STAFF_OIDC_ISSUER,
    clientId: config.STAFF_OIDC_CLIENT_ID,
    ...(config.STAFF_OIDC_CLIENT_SECRET ? { clientSecret: config.STAFF_OIDC_CLIENT_SECRET } : {}),
    // Built from PUBLIC_BASE_URL, never from the request's Host header.
    redirectUri: config.STAFF_OIDC_REDIRECT_URI ?? `${config.PUBLIC_BASE_URL}/staff/callback`,
    scopes: config.STAFF_OIDC_SCOPES,
  };
}

/** Seconds each request to the OP may take (discovery, keys, code exchange). */
const OP_TIMEOUT_SECONDS = 10;

export class StaffOidcClient {
  private pending: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly settings: StaffOidcSettings,
    private readonly logger: () => Logger,
  ) {}

  configuration(): Promise<oidc.Configuration> {
    this.pending ??= this.discover().catch((err: unknown) => {
      this.pending = null; // not cached: the next sign-in tries again
      this.logger().warn({ issuer: this.settings.issuer, err: err instanceof Error ? err.message : String(err) }, 'staff OpenID Provider discovery failed');
      throw errors.staffProviderUnavailable();
    });
    return this.pending;
  }

  private discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
    // Plain http is accepted by config validation only for a loopback issuer (config/staffOidc.ts).
    const execute = new URL(issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    return oidc.discovery(new URL(issuer), clientId, undefined, auth, { execute, timeout: OP_TIMEOUT_SECONDS });
  }
}
