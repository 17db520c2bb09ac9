-- GET /v1/assessments/{id} for stored ids picked by a seeded random generator.
--   wrk -s read.lua URL -- <api key> <file of ids> <seed>
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local ids, key = {}, nil

function init(args)
  key = "Bearer " .. args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(tonumber(args[3]) * 1000 + tid)
end

function request()
  return wrk.format("GET", "/v1/assessments/" .. ids[math.random(1, #ids)], { ["Authorization"] = key })
end
