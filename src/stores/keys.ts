/** Every Redis key the service writes, in one place, under the deployment's prefix. */
export function redisKeys(prefix: string) {
  return {
    recovery: (id: string) => `${prefix}:recovery:${id}`,
    recoveriesByUser: (userKey: string) => `${prefix}:recoveries:user:${userKey}`,
    recentRecoveries: () => `${prefix}:recoveries:recent`,
    user: (userKey: string) => `${prefix}:user:${userKey}`,
    users: () => `${prefix}:users`,
    /** Same-name index: hash of the folded given and family name → user keys. */
    usersByName: (nameHash: string) => `${prefix}:users:name:${nameHash}`,
    /** Set once the same-name index covers every user (built on first use for older directories). */
    usersByNameBuilt: () => `${prefix}:users:name-index`,
    link: (tokenHash: string) => `${prefix}:link:${tokenHash}`,
    /** A link's public id → its key, for the second staff member's approval. */
    linkById: (id: string) => `${prefix}:link-id:${id}`,
    accessPass: (userKey: string) => `${prefix}:tap:${userKey}`,
    accessPassCandidate: (recoveryId: string) => `${prefix}:tapc:${recoveryId}`,
    /** A credential issued at the target (an Entra TAP), sealed, until the claimant is shown it. */
    issuedCredential: (recoveryId: string) => `${prefix}:tapx:${recoveryId}`,
    /** What a recovery left at the credential target (its pass id, the passkey enrolled), for "this wasn't me". */
    targetOutcome: (recoveryId: string) => `${prefix}:tapo:${recoveryId}`,
    /** Held while one approval issues a recovery's pass at the target, so two never race. */
    issueClaim: (recoveryId: string) => `${prefix}:tapx-claim:${recoveryId}`,
    verification: (recoveryId: string, attempt: number) => `${prefix}:idv:${recoveryId}:${attempt}`,
    vendorRef: (provider: string, vendorRef: string) => `${prefix}:idvref:${provider}:${vendorRef}`,
    webhookEvent: (provider: string, eventId: string) => `${prefix}:webhook:${provider}:${eventId}`,
    /** Self-service lockout (safety/lockout.ts); `account` is the hashed account key, `source` a client network or link. */
    accountLock: (account: string) => `${prefix}:safety:lock:${account}`,
    attackSources: (account: string) => `${prefix}:safety:attack-sources:${account}`,
    sourceFailures: (source: string, account: string) => `${prefix}:safety:source-failures:${source}:${account}`,
    sourcePause: (source: string, account: string) => `${prefix}:safety:source-pause:${source}:${account}`,
    /** Queue-dashboard browser sessions: token digest → session; and the set of live digests (revoke all). */
    dashboardSession: (digest: string) => `${prefix}:dash-session:${digest}`,
    dashboardSessions: () => `${prefix}:dash-sessions`,
    /** Named staff and machine API keys: digest → record (one small hash; admins list it whole). */
    apiKeys: () => `${prefix}:api-keys`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/** Usernames are case-insensitive and compared after Unicode normalisation. */
export function userKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}
