/**
 * A recovery's state change: compare-and-set on its version, with the side writes that must change
 * atomically with it (stores/recoveryStore.ts). Wrapped by withAuditChain (auditChain.lua.ts),
 * which chains the audit entries, so the keys and arguments below are read as K[..] and A[..].
 * K[1]: the recovery hash; K[2]: this write's receipt; K[3..]: the other side writes' keys.
 * A[1]: the expected version; A[2]: the snapshot; A[3]: updatedAt; A[4]: JSON ops, one per K[3..]
 * ({kind: 'set', value, ttlMs} | {kind: 'zadd', score, member} | {kind: 'del'}); then the summary:
 * A[5]: status, A[6]: reason ('' for none), A[7]: accessPass.
 * Reply: 1 written, 0 the version moved (nothing written).
 * `summaryOf` names the version the summary fields belong to: a process still running an older
 * script (a rolling deploy) moves the version without them, and readers then fall back.
 */

/** How long a write's receipt is kept: long enough for a re-sent command's caller to look. */
export const RECEIPT_TTL_MS = 60_000;

export const COMPARE_AND_SET_RECOVERY_BODY = `
if redis.call('HGET', K[1], 'version') ~= A[1] then return 0 end
-- First of the writes: a corrupt chain head raises here, before anything else is written.
audit_append()
local version = tonumber(A[1]) + 1
redis.call('HSET', K[1], 'version', version, 'snapshot', A[2], 'updatedAt', A[3],
  'status', A[5], 'reason', A[6], 'accessPass', A[7], 'summaryOf', version)
redis.call('SET', K[2], '1', 'PX', ${RECEIPT_TTL_MS})
local ops = cjson.decode(A[4])
for i, op in ipairs(ops) do
  local key = K[i + 2]
  if op.kind == 'zadd' then redis.call('ZADD', key, op.score, op.member)
  elseif op.kind == 'del' then redis.call('DEL', key)
  elseif op.ttlMs > 0 then redis.call('SET', key, op.value, 'PX', op.ttlMs)
  else redis.call('SET', key, op.value) end
end
return 1`;
