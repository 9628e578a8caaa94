/** Builds the OpenID Provider from configuration, or null when OIDC_PROVIDER_ENABLED is not true. */
import type { AppConfig } from '../config';
import { decodeEvidenceKey } from '../config';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { OidcStore } from '../stores/oidcStore';
import type { OidcClientStore } from '../stores/oidcClientStore';
import type { OidcKeyStore } from '../stores/oidcKeyStore';
import type { VerifiedIdentityStore } from '../stores/verifiedIdentityStore';
import { trustProxySetting } from '../config/safety';
import { OidcService } from './service';

const HOUR_MS = 3_600_000;

/** The provider's storage, made by the caller (it holds the connection) only when the provider is enabled. */
export interface OidcServiceStores {
  store: OidcStore;
  clients: OidcClientStore;
  keys: OidcKeyStore;
  verified: VerifiedIdentityStore;
}

export function createOidcService(
  config: AppConfig,
  makeStores: () => OidcServiceStores,
  evidenceKey: Buffer,
  clock: Clock,
  logger: () => Logger,
): OidcService | null {
  if (!config.OIDC_PROVIDER_ENABLED) return null;
  const stores = makeStores();
  return new OidcService(
    {
      issuer: config.OIDC_ISSUER ?? config.PUBLIC_BASE_URL,
      clientsFile: config.OIDC_CLIENTS_FILE,
      master: config.OIDC_KEYS_SECRET ? decodeEvidenceKey(config.OIDC_KEYS_SECRET) : evidenceKey,
      graceMs: config.OIDC_KEY_GRACE_HOURS * HOUR_MS,
      rotationMs: config.OIDC_KEY_ROTATION_DAYS * 24 * HOUR_MS,
      idTokenTtlSeconds: config.OIDC_ID_TOKEN_TTL_SECONDS,
      codeTtlSeconds: config.OIDC_CODE_TTL_SECONDS,
      interactionTtlSeconds: config.OIDC_INTERACTION_TTL_MINUTES * 60,
      trustProxy: trustProxySetting(config.TRUST_PROXY) !== false,
      ida: {
        trustFramework: config.OIDC_IDA_TRUST_FRAMEWORK,
        assuranceLevel: config.OIDC_IDA_ASSURANCE_LEVEL,
        organization: new URL(config.PUBLIC_BASE_URL).host,
      },
    },
    stores.store,
    stores.clients,
    stores.keys,
    stores.verified,
    clock,
    logger,
  );
}
