/**
 * Trims the audit stream of entries that were delivered to the sink and are older than the local
 * retention. Nothing after the delivery cursor is ever removed; the cursor's own entry stays, as
 * the anchor the retained chain starts from.
 * KEYS[1]: the audit stream; KEYS[2]: the push cursor (id of the last delivered entry).
 * ARGV[1]: local retention in ms, measured on Redis's clock: stream ids are Redis times, so age
 * and ids come from one clock.
 * Reply: the number of entries removed (0 without a cursor).
 */
export const TRIM_DELIVERED_SCRIPT = `
local cursor = redis.call('GET', KEYS[2])
if not cursor then return 0 end
local t = redis.call('TIME')
local ageBound = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1])
if ageBound <= 0 then return 0 end
local cursorMs = tonumber(string.match(cursor, '^(%d+)'))
local minid = cursor
if ageBound < cursorMs then minid = tostring(ageBound) end
-- Exact, not '~': the approximate form keeps whole stream nodes and would leave the retention inexact.
return redis.call('XTRIM', KEYS[1], 'MINID', minid)`;
