-- A paced load: each connection waits PACE_MS (default 1) milliseconds after a response before its next request.
-- Both servers then get the same offered load, below what either can serve, and wrk (which shares the cores) is
-- never the bottleneck: the latency it reports is the server's, not wrk's own queueing as in a saturated run.
local pause = tonumber(os.getenv("PACE_MS") or "1")
function delay()
  return pause
end
