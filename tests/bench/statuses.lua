-- wrk script of the load during a publication (tests/bench/run.py): counts the
-- answers by status class over every thread, printed as one "STATUS" line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  elseif status >= 300 then
    s3 = s3 + 1
  else
    s2 = s2 + 1
  end
end

function done(summary, latency, requests)
  local total = { 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    total[1] = total[1] + thread:get("s2")
    total[2] = total[2] + thread:get("s3")
    total[3] = total[3] + thread:get("s4")
    total[4] = total[4] + thread:get("s5")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", total[1], total[2], total[3], total[4]))
end
