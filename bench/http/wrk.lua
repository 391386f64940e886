-- wrk script for bench/http/run.sh.
--   GET:  WRK_COOKIE_NAME=workshop_auth wrk ... -H 'Cookie: workshop_auth=...' -s wrk.lua URL
--   POST: WRK_BODY_FILE=user.json wrk ... -s wrk.lua URL      (POST with Content-Type: application/json)
--   store → destroy: WRK_CYCLE=1 WRK_BODY_FILE=user.json WRK_COOKIE_NAME=workshop_auth WRK_DESTROY_PATH=/api/session/destroy wrk ... -s wrk.lua STORE_URL
-- At the end it prints one line, "RESULT {json}", that run.sh collects: requests, duration, latency
-- percentiles (microseconds) and errors (socket errors, and responses wrk counts as failed: status >= 400).
local body_file = os.getenv("WRK_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

-- Store → destroy (WRK_CYCLE=1, with WRK_BODY_FILE, WRK_COOKIE_NAME and WRK_DESTROY_PATH; the URL is the store route):
-- each thread posts the user, keeps the session cookie the answer sets, and posts destroy with it, so every destroy
-- ends a session of its own (ours revokes it). Both halves count as requests.
local cycle = os.getenv("WRK_CYCLE") == "1"
local destroy_path = os.getenv("WRK_DESTROY_PATH")
if cycle then
  local prefix = os.getenv("WRK_COOKIE_NAME") .. "="
  local pending = {}

  function request()
    local cookie = table.remove(pending)
    if cookie then
      return wrk.format("POST", destroy_path, { ["Cookie"] = cookie }, "")
    end
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, wrk.body)
  end

  function response(status, headers, body)
    for name, value in pairs(headers) do
      if string.lower(name) == "set-cookie" then
        local pair = string.match(value, "^([^;]*)")
        if pair and string.sub(pair, 1, #prefix) == prefix and #pair > #prefix then
          table.insert(pending, pair)
        end
      end
    end
  end
end

-- GET: the client keeps the session cookie the server last set, as a browser does. The finished app seals an active
-- session again at most once a minute (its idle timeout slides); a client that kept sending its first cookie would
-- make every request after the first minute such a re-seal, which no browser does. Each wrk thread is one client.
-- Every app's GET runs with this hook, so each pays the same for it.
local cookie_name = os.getenv("WRK_COOKIE_NAME")
if not cycle and wrk.method ~= "POST" and cookie_name and cookie_name ~= "" then
  local prefix = cookie_name .. "="
  local req = nil

  function request()
    if req == nil then
      req = wrk.format()
    end
    return req
  end

  function response(status, headers, body)
    for name, value in pairs(headers) do
      if string.lower(name) == "set-cookie" then
        local pair = string.match(value, "^([^;]*)")
        if pair and string.sub(pair, 1, #prefix) == prefix and #pair > #prefix then
          wrk.headers["Cookie"] = pair
          req = wrk.format()
        end
      end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"rps":%.2f,'
      .. '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
    summary.requests, summary.duration, summary.bytes, summary.requests / (summary.duration / 1e6),
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
