/** Builds the OpenID Provider from configuration, or null when OIDC_PROVIDER_ENABLED is not true. */
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { decodeEvidenceKey } from '../config';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { RedisKeys } from '../stores/keys';
import { OidcStore } from '../stores/oidcStore';
import { OidcClientStore } from '../stores/oidcClientStore';
import { OidcKeyStore } from '../stores/oidcKeyStore';
import { VerifiedIdentityStore } from '../stores/verifiedIdentityStore';
import { trustProxySetting } from '../http/securityHeaders';
import { OidcService } from './service';

const HOUR_MS = 3_600_000;

export function createOidcService(
  config: AppConfig, redis: Redis, keys: RedisKeys, evidenceKey: Buffer, clock: Clock, logger: () => Logger,
): OidcService | null {
  if (!config.OIDC_PROVIDER_ENABLED) return null;
  return new OidcService({
    issuer: config.OIDC_ISSUER ?? config.PUBLIC_BASE_URL,
    clientsFile: config.OIDC_CLIENTS_FILE,
    master: config.OIDC_KEYS_SECRET ? decodeEvidenceKey(config.OIDC_KEYS_SECRET) : evidenceKey,
    graceMs: config.OIDC_KEY_GRACE_HOURS * HOUR_MS,
    rotationMs: config.OIDC_KEY_ROTATION_DAYS * 24 * HOUR_MS,
    idTokenTtlSeconds: config.OIDC_ID_TOKEN_TTL_SECONDS,
    codeTtlSeconds: config.OIDC_CODE_TTL_SECONDS,
    interactionTtlSeconds: config.OIDC_INTERACTION_TTL_MINUTES * 60,
    trustProxy: trustProxySetting(config.TRUST_PROXY) !== false,
    ida: { trustFramework: config.OIDC_IDA_TRUST_FRAMEWORK, assuranceLevel: config.OIDC_IDA_ASSURANCE_LEVEL, organization: new URL(config.PUBLIC_BASE_URL).host },
  }, new OidcStore(redis, keys), new OidcClientStore(redis, keys), new OidcKeyStore(redis, keys),
  new VerifiedIdentityStore(redis, keys, evidenceKey), clock, logger);
}
