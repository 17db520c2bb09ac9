-- POST /v1/screenings, a new candidate on every request.
--   wrk -s screening.lua URL -- <file of API keys, one a line> <observedAt> <run tag> <seed> [key|replay]
-- "key" sends a new Idempotency-Key with every request, as the README asks of an ATS. "replay" cycles each thread
-- over 50 keys whose bodies never change: after the first 50 requests of a thread (the warm-up, when it runs with
-- the same tag) every request is a retry whose stored answer is replayed.
-- Each thread numbers its own requests under "<run tag>-<thread>", so no two requests of a run, and no two
-- runs with different tags, send the same externalId: every measured screening creates a candidate.
-- The evidence varies through a random generator seeded with <seed> + thread: two runs with the same seed
-- send the same bodies. With several keys (one per tenant) requests go round-robin over them.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local keys, observed, tag, counter, mode = {}, nil, nil, 0, nil

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = "Bearer " .. line end
  end
  observed = args[2]
  tag = args[3] .. "-" .. tostring(tid)
  math.randomseed(tonumber(args[4]) * 1000 + tid)
  mode = args[5]
end

function request()
  counter = counter + 1
  local headers = { ["Authorization"] = keys[counter % #keys + 1], ["Content-Type"] = "application/json" }
  if mode == "replay" then
    local k = counter % 50
    headers["Authorization"] = keys[k % #keys + 1]
    headers["Idempotency-Key"] = string.format("%s-%d", tag, k)
    local body = string.format(
      '{"candidate":{"externalId":"wrk-%s-%d","fullName":"Candidate %d","twitter":"bench_%d"},' ..
      '"evidence":{"status":"found","observedAt":"%s","windowDays":90,"originalPosts":%d,"replies":%d,"reposts":2,' ..
      '"lastAuthoredPostAt":"%s","followers":100,"relevantOriginalPosts":0}}',
      tag, k, k, k, observed, k % 25, k % 17, observed)
    return wrk.format("POST", "/v1/screenings", headers, body)
  end
  if mode == "key" then
    headers["Idempotency-Key"] = string.format("%s-%d", tag, counter)
  end
  local original = math.random(0, 24)
  local body = string.format(
    '{"candidate":{"externalId":"wrk-%s-%d","fullName":"Candidate %d","headline":"Platform engineer","twitter":"bench_%d"},' ..
    '"job":{"title":"Senior platform engineer","keywords":["kubernetes","observability"]},' ..
    '"evidence":{"status":"found","observedAt":"%s","windowDays":90,"originalPosts":%d,"replies":%d,"reposts":%d,' ..
    '"lastAuthoredPostAt":"%s","followers":%d,"bio":"Kubernetes and observability","relevantOriginalPosts":%d}}',
    tag, counter, counter, math.random(1, 100000), observed, original, math.random(0, 16), math.random(0, 10), observed,
    math.random(0, 5000), math.floor(original / 2))
  return wrk.format("POST", "/v1/screenings", headers, body)
end
