/**
 * Redeems a help-desk recovery link, once.
 * KEYS[1]: the link hash (`link` JSON, `usedBy`, `usedAt`).
 * ARGV[1]: now (ms, the caller's clock); ARGV[2]: the recovery id redeeming it.
 * Reply: {'ok', linkJson} | {'invalid'} | {'used'} | {'expired'} | {'pending'} (a second staff
 * member has not approved it yet).
 */
export const REDEEM_LINK_SCRIPT = `
local link = redis.call('HGET', KEYS[1], 'link')
if not link then return {'invalid'} end
local usedBy = redis.call('HGET', KEYS[1], 'usedBy')
-- The same recovery redeeming again is ioredis re-sending this script after a reconnect lost its
-- reply (the recovery id is fresh per start): the first run's answer stands.
if usedBy == ARGV[2] then return {'ok', link} end
if usedBy then return {'used'} end
local parsed = cjson.decode(link)
if tonumber(ARGV[1]) >= tonumber(parsed['expiresAt']) then return {'expired'} end
local approval = parsed['approval']
if approval and approval ~= cjson.null and approval['required'] and (approval['approvedBy'] == nil or approval['approvedBy'] == cjson.null) then
  return {'pending'}
end
redis.call('HSET', KEYS[1], 'usedBy', ARGV[2], 'usedAt', ARGV[1])
return {'ok', link}`;
