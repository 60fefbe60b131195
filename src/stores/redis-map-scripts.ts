/**
 * Lua scripts giving a Redis hash fields that expire one by one (Redis 7.4's HPEXPIRE,
 * done by hand so that Redis 6 and 7.0 serve too). Each field's value is stored as
 * `<expiry>:<value>`, the expiry in milliseconds since the epoch by Redis's own clock
 * (`TIME`), or `-` for none. Each script touches one key, so a cluster runs it on that key's
 * node.
 */

/** Redis's clock in milliseconds, and the expiry prefix of a stored value. */
const CLOCK = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function expiry(stored)
  return string.match(stored, '^([^:]*):')
end
`;

/**
 * KEYS[1] the map, ARGV field, value, TTL in milliseconds ("" for none). Sets the field,
 * removes the fields that expired, and makes the key expire with its last field (or never,
 * when a field never does), so that the map leaves Redis with its last field.
 */
export const MAP_SET = `${CLOCK}
local expires = '-'
if ARGV[3] ~= '' then expires = string.format('%.0f', now + tonumber(ARGV[3])) end
redis.call('HSET', KEYS[1], ARGV[1], expires .. ':' .. ARGV[2])
local latest, forever = 0, false
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local at = expiry(all[i + 1])
  if at == '-' then
    forever = true
  elseif at == nil or tonumber(at) == nil or tonumber(at) <= now then
    redis.call('HDEL', KEYS[1], all[i])
  elseif tonumber(at) > latest then
    latest = tonumber(at)
  end
end
if forever then
  redis.call('PERSIST', KEYS[1])
elseif latest > 0 then
  redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', latest))
end
return 1
`;

/** KEYS[1] the map. Its live fields and their values, flat: field, value, field, value… */
export const MAP_ENTRIES = `${CLOCK}
local live = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local at = expiry(all[i + 1])
  if at == '-' or (at ~= nil and tonumber(at) ~= nil and tonumber(at) > now) then
    live[#live + 1] = all[i]
    live[#live + 1] = string.sub(all[i + 1], #at + 2)
  end
end
return live
`;
