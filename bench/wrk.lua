-- Loaded by bench/run.sh into every wrk run.
--
-- By default wrk sends as fast as it can: each connection sends its next request as soon as the answer arrives.
-- With BENCH_PAUSE_MS set in the environment, each connection waits a random, exponentially distributed pause of
-- that mean between an answer and its next request, so that the requests of all connections together arrive as a
-- Poisson stream of about connections * 1000 / BENCH_PAUSE_MS requests per second: a moderate, steady load whose
-- latency shows the cost of a request rather than queueing behind a saturated server. wrk times each request from
-- the moment it is written, so the pauses are not counted as latency.
--
-- When the run is done, one line starting with "BENCH" reports what bench/run.sh reads: requests, duration,
-- errors and latency percentiles, times in microseconds.

local pause_ms = tonumber(os.getenv("BENCH_PAUSE_MS") or "")

if pause_ms and pause_ms > 0 then
   function init(args)
      -- every thread has its own Lua state: give each its own random sequence
      local seed = os.time()
      local id = tostring({})
      for i = 1, #id do
         seed = (seed * 31 + id:byte(i)) % 2147483647
      end
      math.randomseed(seed)
   end

   function delay()
      -- wrk truncates to whole milliseconds: add half a millisecond so that the mean stays right
      return -pause_ms * math.log(1 - math.random()) + 0.5
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d "
         .. "status_errors=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d mean_us=%.1f max_us=%d\n",
      summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.mean, latency.max))
end
