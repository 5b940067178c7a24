-- wrk's own summary has no p95: print one JSON line the harness reads.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"rps": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "errors": %d, "non2xx": %d, "requests": %d}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    errors, summary.errors.status, summary.requests))
end
