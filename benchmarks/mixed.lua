-- The mixed workload of `make bench` (benchmarks/mixed.py writes the requests file).
-- wrk -s benchmarks/mixed.lua http://127.0.0.1:PORT -- REQUESTS_FILE
-- Each line of the file: kind, path and session cookie (empty for anonymous), separated by tabs.
-- Each request picks a kind by the shares below, then one of that kind's addresses at random.

local shares = { agreement = 0.5, listing = 0.35, liaison = 0.15 }
local order = { "agreement", "listing", "liaison" }

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("number", counter)
   table.insert(threads, thread)
end

function init(args)
   math.randomseed(number * 7919)
   requests, counts = {}, {}
   for _, kind in ipairs(order) do
      requests[kind], counts[kind] = {}, 0
   end
   for line in io.lines(args[1]) do
      local kind, path, cookie = line:match("^(%w+)\t([^\t]+)\t(.*)$")
      local headers = {}
      for name, value in pairs(wrk.headers) do
         headers[name] = value
      end
      if cookie ~= "" then
         headers["Cookie"] = cookie
      end
      table.insert(requests[kind], wrk.format("GET", path, headers))
   end
end

function request()
   local roll, kind = math.random(), order[#order]
   for _, name in ipairs(order) do
      if roll < shares[name] then
         kind = name
         break
      end
      roll = roll - shares[name]
   end
   counts[kind] = counts[kind] + 1
   local choices = requests[kind]
   return choices[math.random(#choices)]
end

function done(summary, latency, requests)
   for _, kind in ipairs(order) do
      local total = 0
      for _, thread in ipairs(threads) do
         total = total + thread:get("counts")[kind]
      end
      io.write(string.format("count %s %d\n", kind, total))
   end
end
