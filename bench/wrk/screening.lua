-- POST /v1/screenings, a new candidate on every request.
--   wrk -s screening.lua URL -- <file of API keys, one a line> <observedAt> <run tag> <seed>
-- Each thread numbers its own requests under "<run tag>-<thread>", so no two requests of a run, and no two
-- runs with different tags, send the same externalId: every measured screening creates a candidate.
-- The evidence varies through a random generator seeded with <seed> + thread: two runs with the same seed
-- send the same bodies. With several keys (one per tenant) requests go round-robin over them.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local keys, observed, tag, counter = {}, nil, nil, 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = "Bearer " .. line end
  end
  observed = args[2]
  tag = args[3] .. "-" .. tostring(tid)
  math.randomseed(tonumber(args[4]) * 1000 + tid)
end

function request()
  counter = counter + 1
  local original = math.random(0, 24)
  local body = string.format(
    '{"candidate":{"externalId":"wrk-%s-%d","fullName":"Candidate %d","headline":"Platform engineer","twitter":"bench_%d"},' ..
    '"job":{"title":"Senior platform engineer","keywords":["kubernetes","observability"]},' ..
    '"evidence":{"status":"found","observedAt":"%s","windowDays":90,"originalPosts":%d,"replies":%d,"reposts":%d,' ..
    '"lastAuthoredPostAt":"%s","followers":%d,"bio":"Kubernetes and observability","relevantOriginalPosts":%d}}',
    tag, counter, counter, math.random(1, 100000), observed, original, math.random(0, 16), math.random(0, 10), observed,
    math.random(0, 5000), math.floor(original / 2))
  return wrk.format("POST", "/v1/screenings",
    { ["Authorization"] = keys[counter % #keys + 1], ["Content-Type"] = "application/json" }, body)
end
