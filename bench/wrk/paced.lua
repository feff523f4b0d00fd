-- wrk script: a paced load. Each connection waits `ms` milliseconds after every answer before it sends
-- its next request (wrk's delay() hook), so c connections offer about c * 1000 / ms requests a second,
-- whatever the server's speed, as long as it answers within a small part of `ms`.
--   wrk -c 50 -s bench/wrk/paced.lua URL -- 5      # about 10,000 requests/s
local ms = 5

init = function(args)
   ms = tonumber(args[1] or ms)
end

delay = function()
   return ms
end
