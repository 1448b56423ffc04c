-- wrk script: API writes at N connections, each connection on ITS OWN assessment.
-- Run with -t N -c N (one connection per thread). Every thread PUTs the score and narrative of
-- its assessment with the version the previous response gave, so the figure is the latency of
-- an accepted write, not of a stream of 409s. A 409 (it should not happen) makes the thread
-- read the assessment again before its next write; it is counted and reported.
-- Environment: TOKEN (an API token), PATHS and VERSIONS (space-separated, one per thread).

local function words(name)
  local out = {}
  for w in string.gmatch(os.getenv(name) or "", "%S+") do
    out[#out + 1] = w
  end
  return out
end

local threads = {}
local created = 0

function setup(thread)
  created = created + 1
  thread:set("id", created)
  table.insert(threads, thread)
end

function init(args)
  local paths, versions = words("PATHS"), words("VERSIONS")
  path = paths[id]
  version = tonumber(versions[id])
  if path == nil or version == nil then
    error("thread " .. id .. ": PATHS and VERSIONS need one entry per thread")
  end
  auth = "Bearer " .. os.getenv("TOKEN")
  n, written, stale, reads, other = 0, 0, 0, 0, 0
  reading = false
end

function request()
  if version == nil then
    reading = true
    return wrk.format("GET", path, { ["Authorization"] = auth })
  end
  reading = false
  n = n + 1
  local body = string.format(
    '{"version":%d,"score":"%s","opening":"Benchmark write %d by connection %d.",' ..
      '"conclusion":"Measured on loopback."}',
    version, (n % 2 == 0) and "1" or "0", n, id)
  return wrk.format("PUT", path,
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 200 then
    if reading then reads = reads + 1 else written = written + 1 end
    version = tonumber(string.match(body, '"version":(%d+)'))
  elseif status == 409 then
    stale = stale + 1
    version = nil
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local w, s, r, o = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    w = w + t:get("written")
    s = s + t:get("stale")
    r = r + t:get("reads")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "api-write: %d writes (200), %d stale (409), %d re-reads, %d other, %d socket errors\n",
    w, s, r, o,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout))
  io.write(string.format(
    "api-write: %.0f requests/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
