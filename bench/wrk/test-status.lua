-- Greenhouse's test_status for orders picked by a seeded random generator.
--   wrk -s test-status.lua URL -- <Authorization header: "Basic base64(key:)"> <file of order ids> <seed>
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local ids, authorization = {}, nil

function init(args)
  authorization = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(tonumber(args[3]) * 1000 + tid)
end

function request()
  return wrk.format("GET", "/integrations/greenhouse/test_status?partner_interview_id=" .. ids[math.random(1, #ids)],
    { ["Authorization"] = authorization })
end
