-- Greenhouse's send_test, a new order on every request: a new url (the order's key) and a new Greenhouse person.
--   wrk -s send-test.lua URL -- <Authorization header: "Basic base64(key:)"> <run tag>
-- The body is the one bench/LoadGen/GreenhouseTarget.cs sends (Greenhouse's own, tests/RecruitSignal.Tests/Greenhouse).
-- Person ids are digits: a hash of "<run tag>-<thread>", then the thread's request number, so no two requests of a run,
-- and no two runs with different tags, name the same person or url.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local authorization, tag, run, counter = nil, nil, 0, 0

function init(args)
  authorization = args[1]
  tag = args[2] .. "-" .. tostring(tid)
  for i = 1, #tag do run = (run * 31 + tag:byte(i)) % 1000000000 end
end

function request()
  counter = counter + 1
  local headers = { ["Authorization"] = authorization, ["Content-Type"] = "application/json" }
  local body = string.format(
    '{"partner_test_id":"default@1","candidate":{"first_name":"Harriet","last_name":"Vane","preferred_name":null,' ..
    '"resume_url":"https://greenhouse-resumes.example.com/resume-7731.pdf","phone_number":"+44 20 7946 0991",' ..
    '"email":"bench-%s-%d@example.com","greenhouse_profile_url":"https://app.greenhouse.io/people/%09d%08d?application_id=26234709"},' ..
    '"sent_by":{"name":"Ada Recruiter","email":"ada@acme.example"},' ..
    '"url":"http://127.0.0.1:9/integrations/testing_partners/take_home_tests/%s-%d"}',
    tag, counter, run, counter, tag, counter)
  return wrk.format("POST", "/integrations/greenhouse/send_test", headers, body)
end
