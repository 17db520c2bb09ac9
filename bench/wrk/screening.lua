-- POST /v1/screenings with a different candidate on every request (wrk -s screening.lua -- <api key> <observedAt>).
local counter = 0
local key, observed, tag

function init(args)
  key, observed = args[1], args[2]
  tag = tostring(math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local n = counter
  local original = n % 25
  local body = string.format(
    '{"candidate":{"externalId":"wrk-%s-%d","fullName":"Candidate %d","headline":"Platform engineer","twitter":"bench_%d"},' ..
    '"job":{"title":"Senior platform engineer","keywords":["kubernetes","observability"]},' ..
    '"evidence":{"status":"found","observedAt":"%s","windowDays":90,"originalPosts":%d,"replies":%d,"reposts":%d,' ..
    '"lastAuthoredPostAt":"%s","followers":%d,"bio":"Kubernetes and observability","relevantOriginalPosts":%d}}',
    tag, n, n, n % 100000, observed, original, (n * 7) % 17, (n * 3) % 11, observed, n % 5000, math.floor(original / 2))
  return wrk.format("POST", "/v1/screenings",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
