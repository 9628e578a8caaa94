/**
 * Wraps a script that appends audit entries so the entries join the hash chain atomically with the
 * script's own writes (src/crypto/auditChain.ts computes the hashes; this only checks that the
 * chain has not moved since they were computed, and appends).
 *
 * KEYS[1]: the audit stream; KEYS[2]: the chain head (`<seq>:<hash>`); KEYS[3..]: the wrapped
 * script's own keys, which it reads as K[1..].
 * ARGV[1]: the head the hashes were computed after ('' = empty chain); ARGV[2]: the head after
 * them; ARGV[3]: JSON array of entries, each an array of [field, value] pairs; ARGV[4..]: the
 * wrapped script's own arguments, read as A[1..].
 * Reply: {appended (1|0), the wrapped script's reply}. Error `AUDITHEAD <current head>` when the
 * head moved: raised by audit_check() before the wrapped script writes anything, so nothing is written.
 *
 * The wrapped script calls audit_check() before its first write and audit_append() where the
 * entries belong. Entries are never trimmed here: only delivered entries are (auditStore.trimDelivered).
 */
export function withAuditChain(body: string): string {
  return `
local K, A = {}, {}
for i = 3, #KEYS do K[i - 2] = KEYS[i] end
for i = 4, #ARGV do A[i - 3] = ARGV[i] end
local appended = 0
local function audit_check()
  local current = redis.call('GET', KEYS[2]) or ''
  if current ~= ARGV[1] then error({err = 'AUDITHEAD ' .. current}) end
end
local function audit_append()
  for _, entry in ipairs(cjson.decode(ARGV[3])) do
    local args = {KEYS[1], '*'}
    for _, pair in ipairs(entry) do
      table.insert(args, pair[1])
      table.insert(args, pair[2])
    end
    redis.call('XADD', unpack(args))
    appended = 1
  end
  if appended == 1 then redis.call('SET', KEYS[2], ARGV[2]) end
end
local function body()
${body}
end
local reply = body()
return {appended, reply}`;
}

/** Appends the entries and nothing else. */
export const APPEND_ONLY_BODY = `
audit_check()
audit_append()
return 1`;
