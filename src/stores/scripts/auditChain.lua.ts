/**
 * Wraps a script that appends audit entries so the entries join the hash chain atomically with the
 * script's own writes: the script links each entry to the head and moves the head
 * (src/crypto/auditChain.ts has the recipe; `redis.sha1hex` is the one hash Redis scripts offer).
 *
 * KEYS[1]: the audit stream; KEYS[2]: the chain head (`<seq>:<hash>`); KEYS[3..]: the wrapped
 * script's own keys, which it reads as K[1..].
 * ARGV[1]: JSON array of entries, each {digest, fields: [[field, value], …]}; ARGV[2..]: the
 * wrapped script's own arguments, read as A[1..].
 * Reply: the wrapped script's reply. Error `AUDITHEAD_CORRUPT` when the head is not
 * `<seq>:<40 hex>`: someone else wrote it, and starting a new chain over it would hide that.
 *
 * The wrapped script calls audit_append() where the entries belong, after any check that may
 * still return without writing. Entries are never trimmed here: only delivered entries are
 * (scripts/trimDelivered.lua.ts).
 */
const wrapped = new Map<string, string>();

export function withAuditChain(body: string): string {
  // Bodies are a few module constants; each is wrapped once, not on every state change.
  let script = wrapped.get(body);
  if (script === undefined) wrapped.set(body, (script = wrap(body)));
  return script;
}

function wrap(body: string): string {
  return `
local K, A = {}, {}
for i = 3, #KEYS do K[i - 2] = KEYS[i] end
for i = 2, #ARGV do A[i - 1] = ARGV[i] end
local function audit_append()
  local entries = cjson.decode(ARGV[1])
  if #entries == 0 then return end
  local head = redis.call('GET', KEYS[2])
  local seq, prev = 0, '${'0'.repeat(40)}'
  if head then
    local s, h = string.match(head, '^(%d+):(%x+)$')
    if not s or #h ~= 40 then error({err = 'AUDITHEAD_CORRUPT the audit chain head is not <seq>:<hash>'}) end
    seq, prev = tonumber(s), h
  end
  for _, entry in ipairs(entries) do
    seq = seq + 1
    local hash = redis.sha1hex(prev .. ':' .. seq .. ':' .. entry.digest)
    local args = {KEYS[1], '*'}
    for _, pair in ipairs(entry.fields) do
      table.insert(args, pair[1])
      table.insert(args, pair[2])
    end
    table.insert(args, 'seq'); table.insert(args, tostring(seq))
    table.insert(args, 'prev'); table.insert(args, prev)
    table.insert(args, 'hash'); table.insert(args, hash)
    redis.call('XADD', unpack(args))
    prev = hash
  end
  redis.call('SET', KEYS[2], seq .. ':' .. prev)
end
${body}`;
}

/** Appends the entries and nothing else. */
export const APPEND_ONLY_BODY = `
audit_append()
return 1`;
