/**
 * Redeems a "this wasn't me" token once (stores/repudiationTokenStore.ts).
 * KEYS[1]: the token's hash (field `record`: the token's JSON record, with `expiresAt`).
 * ARGV[1]: now (ms); ARGV[2]: this redemption's id.
 * Reply: {'ok', recordJson} with the token marked used | {'invalid'} | {'used'} | {'expired'}.
 * The same redemption id again is ioredis re-sending the script after a reconnect lost its reply:
 * the first run's answer stands.
 */
export const REDEEM_REPUDIATION_SCRIPT = `
local record = redis.call('HGET', KEYS[1], 'record')
if not record then return {'invalid'} end
local usedBy = redis.call('HGET', KEYS[1], 'usedBy')
if usedBy == ARGV[2] then return {'ok', record} end
if usedBy or redis.call('HEXISTS', KEYS[1], 'usedAt') == 1 then return {'used'} end
if tonumber(ARGV[1]) >= tonumber(cjson.decode(record)['expiresAt']) then return {'expired'} end
redis.call('HSET', KEYS[1], 'usedAt', ARGV[1], 'usedBy', ARGV[2])
return {'ok', record}`;
