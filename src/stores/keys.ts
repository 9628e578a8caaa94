/** Every Redis key the service writes, in one place, under the deployment's prefix. */
export function redisKeys(prefix: string) {
  return {
    recovery: (id: string) => `${prefix}:recovery:${id}`,
    /** The audit stream, its hash-chain head (`<seq>:<hash>`) and the sink's delivery cursor (stores/auditStore.ts). */
    audit: () => `${prefix}:audit`,
    auditHead: () => `${prefix}:audit:head`,
    auditPushCursor: () => `${prefix}:audit:push:cursor`,
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
    /** A pass's one-time-use mark and its attempt counter (stores/accessPassStore.ts). */
    accessPassUsed: (userKey: string, passId: string) => `${prefix}:tap:${userKey}:${passId}:used`,
    accessPassAttempts: (userKey: string, passId: string) => `${prefix}:tap:${userKey}:${passId}:attempts`,
    accessPassCandidate: (recoveryId: string) => `${prefix}:tapc:${recoveryId}`,
    /** A credential issued at the target (an Entra TAP), sealed, until the claimant is shown it. */
    issuedCredential: (recoveryId: string) => `${prefix}:tapx:${recoveryId}`,
    /** What a recovery left at the credential target (its pass id, the passkey enrolled), for "this wasn't me". */
    targetOutcome: (recoveryId: string) => `${prefix}:tapo:${recoveryId}`,
    /** Held while one approval issues a recovery's pass at the target, so two never race. */
    issueClaim: (recoveryId: string) => `${prefix}:tapx-claim:${recoveryId}`,
    verification: (recoveryId: string, attempt: number) => `${prefix}:idv:${recoveryId}:${attempt}`,
    /** An attempt's vendor reference (and synchronous result), and the vendor it must stay with once a send may have landed. */
    vendorState: (recoveryId: string, attempt: number) => `${prefix}:idv:${recoveryId}:${attempt}:vendor`,
    stickyVendor: (recoveryId: string, attempt: number) => `${prefix}:idv:${recoveryId}:${attempt}:sticky`,
    /** The latest attempt's verdict summary, for help-desk agents. */
    verdictSummary: (recoveryId: string) => `${prefix}:recovery:${recoveryId}:verdict`,
    /** What the claimant typed about themselves, sealed (stores/claimantAttributeStore.ts). */
    claimantAttributes: (recoveryId: string) => `${prefix}:recovery:${recoveryId}:claimant`,
    /** What an identity verification proved, sealed (stores/verifiedIdentityStore.ts). */
    verifiedIdentity: (recoveryId: string) => `${prefix}:recovery:${recoveryId}:identity`,
    /** One state change's receipt: recognises a compare-and-set ioredis re-sent after a reconnect. */
    recoveryReceipt: (recoveryId: string, receiptId: string) => `${prefix}:recovery:${recoveryId}:receipt:${receiptId}`,
    /** Pub/sub channel of a recovery's changes (stores/changeNoticeStore.ts); `recoveryChanges('*')` is every recovery's. */
    recoveryChanges: (recoveryId: string) => `${prefix}:changes:${recoveryId}`,
    /** Review cases by recovery id, and the pending ones by when they were opened (stores/reviewCaseStore.ts). */
    reviewCase: (recoveryId: string) => `${prefix}:review:case:${recoveryId}`,
    reviewPending: () => `${prefix}:review:pending`,
    /** A "this wasn't me" token, by the SHA-256 of the token (stores/repudiationTokenStore.ts). */
    repudiationToken: (tokenHash: string) => `${prefix}:repudiation:${tokenHash}`,
    /** Set once a notification message was handed to the transport, so a retried job does not send it twice. */
    notificationSent: (messageId: string) => `${prefix}:notify:sent:${messageId}`,
    /** The local outbox: the notification transport without SMTP (stores/outboxStore.ts). */
    outbox: () => `${prefix}:outbox`,
    /** Worker liveness for `/readyz`, rewritten by every worker process (stores/readinessStore.ts). */
    workerHeartbeat: () => `${prefix}:workers:heartbeat`,
    /** Rate-limiter counters (rate-limiter-flexible appends its own `:<key>`). */
    rateLimit: (name: string) => `${prefix}:rl:${name}`,
    vendorRef: (provider: string, vendorRef: string) => `${prefix}:idvref:${provider}:${vendorRef}`,
    /** A vendor's recent webhook delivery ids, by receipt time (stores/webhookStore.ts; bounded). */
    webhookDeliveries: (provider: string) => `${prefix}:webhook-ids:${provider}`,
    /** Set before the first send of an idempotency key to a vendor without idempotency keys (stores/submissionMarkStore.ts). */
    submissionMark: (provider: string, idempotencyKey: string) => `${prefix}:idv-sent:${provider}:${idempotencyKey}`,
    /** Raised by a webhook for a verification job that was running: fetch again once it yields. */
    verifyWake: (recoveryId: string, attempt: number) => `${prefix}:idv-wake:${recoveryId}:${attempt}`,
    /** Self-service lockout (safety/lockout.ts); `account` is the hashed account key, `source` a client network or link. */
    accountLock: (account: string) => `${prefix}:safety:lock:${account}`,
    attackSources: (account: string) => `${prefix}:safety:attack-sources:${account}`,
    sourceFailures: (source: string, account: string) => `${prefix}:safety:source-failures:${source}:${account}`,
    sourcePause: (source: string, account: string) => `${prefix}:safety:source-pause:${source}:${account}`,
    /** Queue-dashboard browser sessions: token digest → session; and the set of live digests (revoke all). */
    /** Passkeys (stores/passkeyStore.ts): one record per credential (`passkey('*')` matches them all), per-user and per-recovery sets, user handles. */
    passkey: (credentialId: string) => `${prefix}:passkey:${credentialId}`,
    passkeysByUser: (userKey: string) => `${prefix}:passkeys:user:${userKey}`,
    passkeysByRecovery: (recoveryId: string) => `${prefix}:passkeys:recovery:${recoveryId}`,
    passkeyUserHandle: (userKey: string) => `${prefix}:passkeys:handle:${userKey}`,
    /** Passkey profiles: name → JSON (stores/passkeyProfileStore.ts). */
    passkeyProfiles: () => `${prefix}:passkey-profiles`,
    /** An open passkey enrollment and its one outstanding WebAuthn challenge (stores/enrollmentStore.ts). */
    enrollment: (id: string) => `${prefix}:enrollment:${id}`,
    enrollmentChallenge: (id: string) => `${prefix}:enrollment:${id}:challenge`,
    dashboardSession: (digest: string) => `${prefix}:dash-session:${digest}`,
    dashboardSessions: () => `${prefix}:dash-sessions`,
    /** Named staff and machine API keys: digest → record (one small hash; admins list it whole). */
    apiKeys: () => `${prefix}:api-keys`,
    /** A staff sign-in in progress (state, nonce, PKCE verifier), by the digest of its browser cookie's token. */
    staffLogin: (digest: string) => `${prefix}:staff-login:${digest}`,
    /** Staff sessions: token digest → session; and public session id → token digest (admins list and end them). */
    staffSession: (digest: string) => `${prefix}:staff-session:${digest}`,
    staffSessions: () => `${prefix}:staff-sessions`,
    /** Which OP subject owns each staff actor name, and the name each subject was first given (four-eyes). */
    staffNameBySubject: () => `${prefix}:staff-names:by-subject`,
    staffSubjectByName: () => `${prefix}:staff-names:by-name`,
    /** OpenID Provider state (stores/oidcStore.ts): one hash per oidc-provider model instance; uid, user code and grant indexes. */
    oidcModel: (model: string, id: string) => `${prefix}:oidc:${model}:${id}`,
    oidcUid: (uid: string) => `${prefix}:oidc:uid:${uid}`,
    oidcUserCode: (userCode: string) => `${prefix}:oidc:user-code:${userCode}`,
    oidcGrant: (grantId: string) => `${prefix}:oidc:grant:${grantId}`,
    /** Signing keys (sealed private JWKs) by kid, the key set's version, and the rotation lock (stores/oidcKeyStore.ts). */
    oidcKeys: () => `${prefix}:oidc:keys`,
    oidcKeysVersion: () => `${prefix}:oidc:keys:version`,
    oidcKeysLock: () => `${prefix}:oidc:keys:lock`,
    /** Relying parties registered through the admin API: client id → record (secret sealed). */
    oidcClients: () => `${prefix}:oidc:clients`,
    /** A passkey sign-in's WebAuthn challenge, by interaction uid. */
    oidcChallenge: (uid: string) => `${prefix}:oidc:challenge:${uid}`,
    /** An identity verification's binding to its interaction, by uid (stores/verifiedIdentityStore.ts). */
    oidcVerification: (uid: string) => `${prefix}:oidc:verification:${uid}`,
    /** The verified identity (sealed) a grant's ID token and UserInfo carry, by grant id. */
    oidcVerifiedGrant: (grantId: string) => `${prefix}:oidc:verified:${grantId}`,
    /** Local risk flags (stores/riskStore.ts): `<source>:<user key>` → JSON flag, one small hash admins list whole. */
    riskFlags: () => `${prefix}:risk:flags`,
    /** Recovery profiles: name → JSON (stores/recoveryProfileStore.ts); and the profile each recovery was given. */
    recoveryProfiles: () => `${prefix}:recovery-profiles`,
    appliedRecoveryProfile: (recoveryId: string) => `${prefix}:recovery:${recoveryId}:profile`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/** Usernames are case-insensitive and compared after Unicode normalisation. */
export function userKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}
