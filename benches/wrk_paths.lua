-- wrk script: cycle through a list of request paths, then print one JSON line.
--
--   WRK_PATHS=paths.txt wrk -t2 -c16 -d10s -s benches/wrk_paths.lua http://127.0.0.1:8080
--
-- WRK_PATHS names a file of request paths, one a line ("/datasets?q=road");
-- blank lines and lines starting with '#' are skipped. Each wrk thread walks the
-- whole list in order, starting at a different place, and wraps around.
--
-- At the end, after wrk's own report, one line of JSON (the last line of stdout
-- that starts with '{'):
--   {"requests":N,"duration_s":S,"requests_per_s":R,
--    "latency_ms":{"p50":..,"p90":..,"p99":..,"max":..,"mean":..},
--    "non2xx":N,"socket_errors":{"connect":..,"read":..,"write":..,"timeout":..},
--    "errors":N,"bytes":N,"paths":N}
-- where errors = non2xx + every socket error. Latency is wrk's, per request.
-- Defining response() makes wrk read every response (no pipelining shortcut):
-- that is what lets non-2xx (3xx included) be counted.
--
-- Optional, for a form or an API posted over and over: WRK_METHOD (e.g. POST),
-- WRK_BODY (the body, sent with every request), WRK_CONTENT_TYPE and WRK_COOKIE.

local function load_paths()
  local name = os.getenv("WRK_PATHS")
  if name == nil or name == "" then
    error("wrk_paths.lua: set WRK_PATHS to a file of request paths, one a line")
  end
  local f, err = io.open(name, "r")
  if f == nil then
    error("wrk_paths.lua: cannot open WRK_PATHS=" .. name .. ": " .. tostring(err))
  end
  local list = {}
  for line in f:lines() do
    line = line:gsub("^%s+", ""):gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      if line:sub(1, 1) ~= "/" then
        error("wrk_paths.lua: not a path (must start with /): " .. line)
      end
      list[#list + 1] = line
    end
  end
  f:close()
  if #list == 0 then
    error("wrk_paths.lua: no paths in " .. name)
  end
  return list
end

-- ---------------------------------------------------------------- main state
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  table.insert(threads, thread)
end

-- ------------------------------------------------------------- thread states
local requests_ = nil
local n = 0
local i = 1
non2xx = 0

function init(args)
  local paths = load_paths()
  requests_ = {}
  -- WRK_ACCEPT_ENCODING, when set, is sent as Accept-Encoding (as browsers do).
  local headers = {}
  local encoding = os.getenv("WRK_ACCEPT_ENCODING")
  if encoding ~= nil and encoding ~= "" then
    headers["Accept-Encoding"] = encoding
  end
  local function env(name)
    local v = os.getenv(name)
    if v == "" then return nil end
    return v
  end
  local method = env("WRK_METHOD") or "GET"
  local body = env("WRK_BODY")
  headers["Content-Type"] = env("WRK_CONTENT_TYPE")
  headers["Cookie"] = env("WRK_COOKIE")
  for k, p in ipairs(paths) do
    requests_[k] = wrk.format(method, p, headers, body)
  end
  n = #requests_
  -- spread the threads' starting points over the list
  local idx = tonumber(thread_index) or 1
  i = (math.floor((idx - 1) * n / 8) % n) + 1
  path_count = n
end

function request()
  local r = requests_[i]
  i = i + 1
  if i > n then i = 1 end
  return r
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

-- ------------------------------------------------------------------ the end
function done(summary, latency, requests)
  local bad = 0
  local paths = 0
  for _, t in ipairs(threads) do
    bad = bad + (tonumber(t:get("non2xx")) or 0)
    paths = tonumber(t:get("path_count")) or paths
  end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local rps = 0
  if secs > 0 then rps = summary.requests / secs end
  local function ms(us) return us / 1000.0 end
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,'
      .. '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"mean":%.3f},'
      .. '"non2xx":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"errors":%d,"bytes":%d,"paths":%d}\n',
    summary.requests, secs, rps,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency.max), ms(latency.mean),
    bad, e.connect, e.read, e.write, e.timeout,
    bad + sock, summary.bytes, paths))
end
