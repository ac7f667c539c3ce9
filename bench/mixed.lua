-- Mixed load for the soak run: whole 4 KiB downloads, ranged reads and misses (unknown keys), in turn.
local n = 0
request = function()
  n = n + 1
  local kind = n % 3
  if kind == 0 then
    return wrk.format("GET", nil, { ["Range"] = "bytes=0-99" })
  elseif kind == 1 then
    return wrk.format("GET", "/open-apis/im/v1/files/file_v3_missing")
  end
  return wrk.format("GET")
end
