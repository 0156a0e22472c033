-- wrk: POST gen_video with a new draft_url per request: every request is a durable accept.
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
local i = 0
request = function()
  i = i + 1
  local body = '{"draft_url":"http://127.0.0.1:9/get_draft?draft_id=new' .. tid .. '_' .. i .. '"}'
  return wrk.format("POST", "/openapi/capcut-mate/v1/gen_video",
                    {["Content-Type"] = "application/json"}, body)
end
