/**
 * Marks an oidc-provider model instance (an authorization code, a refresh token) consumed, once.
 * oidc-provider treats a second use of a consumed code as replay and revokes what it issued
 * (RFC 6749 §4.1.2, §10.5); setting the mark only where it is absent keeps the first use's time.
 * KEYS[1]: the model hash (`payload`, `consumed`).
 * ARGV[1]: now (epoch seconds, oidc-provider's own clock).
 * Reply: 1 when this call consumed it, 0 when it was already consumed or no longer exists (an
 * expired key is not re-created without its TTL).
 */
export const OIDC_CONSUME_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])`;
