-- wrk: POST gen_video_status for one of N stored draft URLs per request (default headers).
local n = tonumber(os.getenv("BENCH_TASKS") or "10000")
local prefix = os.getenv("BENCH_PREFIX") or
  "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=bench"
local i = 0
request = function()
  i = (i + 7919) % n
  local body = '{"draft_url":"' .. prefix .. i .. '"}'
  return wrk.format("POST", "/openapi/capcut-mate/v1/gen_video_status",
                    {["Content-Type"] = "application/json"}, body)
end
