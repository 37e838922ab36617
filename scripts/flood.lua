-- Hostile traffic for wrk: every request carries random theme, banner and locale cookies,
-- a random Accept-Language and a random extra query parameter. Used by scripts/bench.sh.
math.randomseed(os.time())
local chars = "abcdefghijklmnopqrstuvwxyz0123456789"
local function random_text(n)
  local t = {}
  for i = 1, n do
    local k = math.random(1, #chars)
    t[i] = chars:sub(k, k)
  end
  return table.concat(t)
end
local path = os.getenv("FLOOD_PATH") or "/docs/guide/ssr"
request = function()
  wrk.headers["Cookie"] = "theme=" .. random_text(12) .. "; banner=" .. random_text(8) .. "; locale=" .. random_text(2)
  wrk.headers["Accept-Language"] = random_text(5)
  return wrk.format("GET", path .. "?" .. random_text(6) .. "=" .. random_text(16))
end
