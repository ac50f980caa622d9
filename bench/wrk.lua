-- wrk script for `make bench` (bench/harness.py Context.wrk): counts the HTTP statuses and prints
-- one JSON line with rate, latency percentiles and counts. With an argument (a file of request
-- bodies, one per line) each request posts the next body, each thread starting at its own offset
-- so that no two requests of a run share a body (scan nonces, registration e-mails). With a
-- third argument N (one thread only) the run sends exactly N requests and ends with the N-th
-- response, however long -d allows (the registration surge: every attempt counts, none more).
wrk.method = os.getenv("WRK_METHOD") or "GET"
threads = {}
counts = {}
local bodies = nil
local position = 0
local total = nil
local sent, answered = 0, 0

-- wrk's main thread sleeps for the whole -d before it reports: SIGINT (its own way to end a run
-- early) wakes it. Sent to that thread (tid = pid), not to the process, which could deliver it
-- to this one.
local function end_run()
  wrk.thread:stop()
  local ffi = require("ffi")
  ffi.cdef("int getpid(void); int tgkill(int tgid, int tid, int sig);")
  local pid = ffi.C.getpid()
  ffi.C.tgkill(pid, pid, 2)
end

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  if args[1] then
    bodies = {}
    -- Each request is formatted here, once, not at every send: the load generator shares the
    -- machine's two cores with the server, and the figures should be the server's.
    for line in io.lines(args[1]) do
      table.insert(bodies, wrk.format(nil, nil, nil, line))
    end
    local share = math.floor(#bodies / tonumber(args[2] or "1"))
    position = index * share
  end
  if args[3] then
    total = tonumber(args[3])
    -- wrk asks delay() before each request: a connection that would send more than the N-th
    -- waits (a day) instead, and the run ends with the N-th response.
    function delay()
      if sent < total then
        sent = sent + 1
        return 0
      end
      return 86400000
    end
  end
end

function request()
  if bodies then
    position = position + 1
    return bodies[(position - 1) % #bodies + 1]
  end
  return wrk.request()
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if total then
    answered = answered + 1
    if answered == total then
      end_run()
    end
  end
end

function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    local theirs = thread:get("counts")
    for status, n in pairs(theirs) do
      statuses[status] = (statuses[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(statuses) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "seconds": %.6f, "p50_us": %d, "p99_us": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
