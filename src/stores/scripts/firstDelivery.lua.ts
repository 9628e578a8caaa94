/**
 * Remembers a vendor's webhook delivery ids for a window, in bounded memory: one sorted set per
 * vendor (id → receipt time), trimmed by age and by count on every write. It is the replay guard of
 * vendors whose signatures carry no timestamp (docs/providers.md, "Webhooks"): a captured delivery
 * replayed within the window is recognised; one replayed later, or pushed out by a flood of newer
 * ids, is at worst one extra "go fetch the result", since a webhook is never a verdict.
 * KEYS[1]: the vendor's delivery set.
 * ARGV[1]: the delivery id; ARGV[2]: now (epoch ms, the service's clock); ARGV[3]: window (ms);
 * ARGV[4]: the most ids kept.
 * Reply: 1 the first time the id is seen within the window, 0 a repeat.
 */
export const FIRST_DELIVERY_SCRIPT = `
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
