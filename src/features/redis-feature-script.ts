/**
 * The one Lua script the Redis backend runs per event: it evaluates and/or records every series the
 * event touches, atomically, in one round trip. The arithmetic repeats domain/window-stats.ts
 * formula for formula (same operations, same order) so both backends agree to the last bit; numbers
 * are stored as '%.17g' text, which reads back exactly.
 *
 * Storage, one hash per (series, key value), expiring window + one bucket after its last write:
 *   window   (kind w): h = head bucket; "<b>" = event count of bucket b;
 *                      "<b>|<field>" = "n,sum,m2,min,max" of that numeric field in bucket b
 *   distinct (kind d): h = head bucket; "<b>" = distinct values kept in b; "<b>:<value>" = 1
 *   recency  (kind r): f = earliest timestamp; r = newest timestamps, ascending, comma-separated
 *
 * ARGV: mode (1 evaluate, 2 record, 3 both), t, distinct cap, recent-timestamp cap, then per key:
 *   w: b, N, ttlMs, feeds (0|1), field count, then per field: name, value ('' = none)
 *   d: b, N, ttlMs, feeds, value ('' = none)
 *   r: ttlMs, feeds
 * Reply (modes 1 and 3): one string per key —
 *   w: "count;n,sum,m2,min,max;…" (one group per field, in argument order)
 *   d: the distinct count
 *   r: "first,last" (last = latest at or before t; '' where none)
 */
export const FEATURE_SCRIPT = `
local mode = tonumber(ARGV[1])
local t = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local K = tonumber(ARGV[4])
local ev = mode ~= 2
local rec = mode ~= 1
local out = {}
local a = 5

local function fmt(x) return string.format('%.17g', x) end

local function m2After(n, sum, m2, x)
  if n == 0 then return 0 end
  local meanOld = sum / n
  local meanNew = (sum + x) / (n + 1)
  return m2 + (x - meanOld) * (x - meanNew)
end

local function mergeM2(nA, sumA, m2A, nB, sumB, m2B)
  if nA == 0 then return m2B end
  if nB == 0 then return m2A end
  local d = sumB / nB - sumA / nA
  return m2A + m2B + (d * d * nA * nB) / (nA + nB)
end

local function split5(v)
  local p1 = string.find(v, ',', 1, true)
  local p2 = string.find(v, ',', p1 + 1, true)
  local p3 = string.find(v, ',', p2 + 1, true)
  local p4 = string.find(v, ',', p3 + 1, true)
  return tonumber(string.sub(v, 1, p1 - 1)), tonumber(string.sub(v, p1 + 1, p2 - 1)),
    tonumber(string.sub(v, p2 + 1, p3 - 1)), tonumber(string.sub(v, p3 + 1, p4 - 1)), tonumber(string.sub(v, p4 + 1))
end

-- The bucket a field name belongs to, or nil for 'h' (and recency fields).
local function bucketOf(f, sepChar)
  if f == 'h' then return nil end
  local sep = string.find(f, sepChar, 1, true)
  if sep then return tonumber(string.sub(f, 1, sep - 1)) end
  return tonumber(f)
end

-- Moves the head to b, deleting every field of a bucket that left [b-N+1, b].
local function advance(key, raw, b, N, sepChar)
  local lo = b - N + 1
  local gone = {}
  for i = 1, #raw, 2 do
    local bb = bucketOf(raw[i], sepChar)
    if bb and bb < lo then gone[#gone + 1] = raw[i] end
  end
  for i = 1, #gone, 1000 do
    redis.call('HDEL', key, unpack(gone, i, math.min(i + 999, #gone)))
  end
  redis.call('HSET', key, 'h', fmt(b))
end

for k = 1, #KEYS do
  local key = KEYS[k]
  local kind = ARGV[a]
  if kind == 'w' then
    local b = tonumber(ARGV[a + 1])
    local N = tonumber(ARGV[a + 2])
    local ttl = ARGV[a + 3]
    local feeds = ARGV[a + 4] == '1'
    local nf = tonumber(ARGV[a + 5])
    local names, xs = {}, {}
    for f = 1, nf do
      names[f] = ARGV[a + 4 + 2 * f]
      xs[f] = ARGV[a + 5 + 2 * f]
    end
    a = a + 6 + 2 * nf
    local raw = redis.call('HGETALL', key)
    local head = nil
    local counts, stats, list = {}, {}, {}
    for i = 1, #raw, 2 do
      local f = raw[i]
      if f == 'h' then
        head = tonumber(raw[i + 1])
      else
        local sep = string.find(f, '|', 1, true)
        if sep then
          local bb = tonumber(string.sub(f, 1, sep - 1))
          local st = stats[bb]
          if not st then st = {}; stats[bb] = st end
          st[string.sub(f, sep + 1)] = raw[i + 1]
        else
          local bb = tonumber(f)
          counts[bb] = tonumber(raw[i + 1])
          list[#list + 1] = bb
        end
      end
    end
    if ev then
      local res = {}
      if head == nil then
        res[1] = '0'
        for f = 1, nf do res[f + 1] = '0,0,0,0,0' end
      else
        table.sort(list)
        local lo = math.max(b, head) - N + 1
        local count = 0
        for i = 1, #list do
          local bb = list[i]
          if bb >= lo and bb <= b then count = count + counts[bb] end
        end
        res[1] = fmt(count)
        for f = 1, nf do
          local n, s, q, mn, mx = 0, 0, 0, 0, 0
          for i = 1, #list do
            local bb = list[i]
            local v = bb >= lo and bb <= b and stats[bb] and stats[bb][names[f]]
            if v then
              local nb, sb, qb, mnb, mxb = split5(v)
              q = mergeM2(n, s, q, nb, sb, qb)
              if n == 0 then mn = mnb; mx = mxb else mn = math.min(mn, mnb); mx = math.max(mx, mxb) end
              n = n + nb
              s = s + sb
            end
          end
          res[f + 1] = fmt(n) .. ',' .. fmt(s) .. ',' .. fmt(q) .. ',' .. fmt(mn) .. ',' .. fmt(mx)
        end
      end
      out[#out + 1] = table.concat(res, ';')
    end
    if rec and feeds and (head == nil or b > head - N) then
      if head == nil or b > head then advance(key, raw, b, N, '|') end
      local bf = fmt(b)
      redis.call('HINCRBY', key, bf, 1)
      for f = 1, nf do
        if xs[f] ~= '' then
          local x = tonumber(xs[f])
          local v = stats[b] and stats[b][names[f]]
          local n, s, q, mn, mx = 0, 0, 0, x, x
          if v then
            n, s, q, mn, mx = split5(v)
            mn = math.min(mn, x)
            mx = math.max(mx, x)
          end
          q = m2After(n, s, q, x)
          redis.call('HSET', key, bf .. '|' .. names[f], fmt(n + 1) .. ',' .. fmt(s + x) .. ',' .. fmt(q) .. ',' .. fmt(mn) .. ',' .. fmt(mx))
        end
      end
      redis.call('PEXPIRE', key, ttl)
    end
  elseif kind == 'd' then
    local b = tonumber(ARGV[a + 1])
    local N = tonumber(ARGV[a + 2])
    local ttl = ARGV[a + 3]
    local feeds = ARGV[a + 4] == '1'
    local value = ARGV[a + 5]
    a = a + 6
    local raw = redis.call('HGETALL', key)
    local head = nil
    local present = {}
    for i = 1, #raw, 2 do
      if raw[i] == 'h' then head = tonumber(raw[i + 1]) else present[raw[i]] = raw[i + 1] end
    end
    if ev then
      local n = 0
      if head ~= nil then
        local lo = math.max(b, head) - N + 1
        local seen = {}
        for f, _ in pairs(present) do
          local sep = string.find(f, ':', 1, true)
          if sep then
            local bb = tonumber(string.sub(f, 1, sep - 1))
            if bb >= lo and bb <= b then
              local v = string.sub(f, sep + 1)
              if not seen[v] then seen[v] = true; n = n + 1 end
            end
          end
        end
      end
      out[#out + 1] = fmt(n)
    end
    if rec and feeds and (head == nil or b > head - N) then
      if head == nil or b > head then advance(key, raw, b, N, ':') end
      if value ~= '' then
        local bf = fmt(b)
        local member = bf .. ':' .. value
        if not present[member] and tonumber(present[bf] or '0') < cap then
          redis.call('HSET', key, member, '1')
          redis.call('HINCRBY', key, bf, 1)
        end
      end
      redis.call('PEXPIRE', key, ttl)
    end
  else
    local ttl = ARGV[a + 1]
    local feeds = ARGV[a + 2] == '1'
    a = a + 3
    local got = redis.call('HMGET', key, 'f', 'r')
    local first = got[1] and tonumber(got[1]) or nil
    local r = {}
    if got[2] then
      for v in string.gmatch(got[2], '[^,]+') do r[#r + 1] = tonumber(v) end
    end
    if ev then
      local last = nil
      for i = #r, 1, -1 do
        if r[i] <= t then last = r[i]; break end
      end
      if last == nil and #r >= K and first ~= nil and first <= t then last = first end
      out[#out + 1] = (first and fmt(first) or '') .. ',' .. (last and fmt(last) or '')
    end
    if rec and feeds then
      if first == nil or t < first then first = t end
      if #r < K then
        local p = #r + 1
        while p > 1 and r[p - 1] > t do p = p - 1 end
        table.insert(r, p, t)
      elseif t > r[1] then
        local p = 1
        while p + 1 <= #r and r[p + 1] < t do r[p] = r[p + 1]; p = p + 1 end
        r[p] = t
      end
      local parts = {}
      for i = 1, #r do parts[i] = fmt(r[i]) end
      redis.call('HSET', key, 'f', fmt(first), 'r', table.concat(parts, ','))
      redis.call('PEXPIRE', key, ttl)
    end
  end
end
return out
`;
