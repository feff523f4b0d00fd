-- wrk script: HTTP/1.1 pipelining. Every write sends `depth` GETs of the URL's path back to back
-- (wrk counts each response), as TechEmpower's plaintext test does with depth 16.
--   wrk -s bench/wrk/pipeline.lua URL -- 16
local depth = 16

init = function(args)
   depth = tonumber(args[1] or depth)
   local r = {}
   for i = 1, depth do
      r[i] = wrk.format(nil)
   end
   req = table.concat(r)
end

request = function()
   return req
end
