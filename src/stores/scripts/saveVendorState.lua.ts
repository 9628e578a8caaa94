/**
 * Saves a verification attempt's vendor reference with its audit entry (`verification.submitted`)
 * in one atomic write (stores/verificationStore.ts). Wrapped by withAuditChain (auditChain.lua.ts),
 * which appends the audit entry, so the keys and arguments below are read as K[..] and A[..].
 * K[1]: the attempt's vendor state; K[2]: the vendor-reference index.
 * A[1]: the vendor state (JSON); A[2]: the index entry (JSON); A[3]: ttl (ms) of both.
 * Reply: 1 written, 0 the attempt's vendor state exists already (nothing written).
 * Only the first write of an attempt's vendor state counts: a redelivered job resumes from it
 * instead of writing again, and a write ioredis re-sends after a reconnect (its reply was lost,
 * chaos/repro/ioredisResend.ts) must not audit twice.
 */
export const SAVE_VENDOR_STATE_BODY = `
if redis.call('EXISTS', K[1]) == 1 then return 0 end
audit_append()
redis.call('SET', K[1], A[1], 'PX', A[3])
redis.call('SET', K[2], A[2], 'PX', A[3])
return 1`;
