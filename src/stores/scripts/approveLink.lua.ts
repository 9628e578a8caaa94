/**
 * The second staff member's approval of a link to a privileged account (four-eyes).
 * KEYS[1]: the link-id index (its value is the link hash's key); the link hash is read from it.
 * ARGV[1]: now (ms); ARGV[2]: the approver's name.
 * Reply: {'ok', linkJson} with the approval written | {'invalid'} | {'not_required'} |
 * {'already', linkJson} | {'same_person'} | {'used'} | {'expired'}.
 */
export const APPROVE_LINK_SCRIPT = `
local linkKey = redis.call('GET', KEYS[1])
if not linkKey then return {'invalid'} end
local link = redis.call('HGET', linkKey, 'link')
if not link then return {'invalid'} end
if redis.call('HEXISTS', linkKey, 'usedBy') == 1 then return {'used'} end
local parsed = cjson.decode(link)
if tonumber(ARGV[1]) >= tonumber(parsed['expiresAt']) then return {'expired'} end
local approval = parsed['approval']
if not approval or approval == cjson.null or not approval['required'] then return {'not_required'} end
if approval['approvedBy'] ~= nil and approval['approvedBy'] ~= cjson.null then return {'already', link} end
if parsed['createdBy'] == ARGV[2] then return {'same_person'} end
approval['approvedBy'] = ARGV[2]
approval['approvedAt'] = tonumber(ARGV[1])
local updated = cjson.encode(parsed)
redis.call('HSET', linkKey, 'link', updated)
return {'ok', updated}`;
