-- GET /v1/assessments/{id} for random stored ids (wrk -s read.lua -- <api key> <file of ids>).
local ids = {}
local key

function init(args)
  key = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
end

function request()
  return wrk.format("GET", "/v1/assessments/" .. ids[math.random(1, #ids)], { ["Authorization"] = "Bearer " .. key })
end
