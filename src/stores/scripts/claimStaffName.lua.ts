/**
 * Gives an OP subject its staff actor name (`staff:<email>`), once, and never the same name to two
 * subjects: four-eyes compares actor names, so a name must always mean the same person.
 * KEYS[1]: subject → name hash; KEYS[2]: name → subject hash.
 * ARGV[1]: the subject (`<issuer> <sub>`); ARGV[2]: the name its claims suggest now.
 * Reply: {'ok', name} (the subject's name: the one it was first given, which may differ from
 * ARGV[2] after an e-mail change) | {'taken'} (another subject already holds ARGV[2]).
 */
export const CLAIM_STAFF_NAME_SCRIPT = `
local pinned = redis.call('HGET', KEYS[1], ARGV[1])
if pinned then return {'ok', pinned} end
local owner = redis.call('HGET', KEYS[2], ARGV[2])
if owner and owner ~= ARGV[1] then return {'taken'} end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'ok', ARGV[2]}`;
