-- wrk script: POST /order (seed 004's body) with a new order id on every request, so every
-- request is a new event all the way into PostgreSQL.
-- The API key comes from ORDERFLOW_API_KEY (orderflow-keys create).
local api_key = os.getenv("ORDERFLOW_API_KEY") or ""
local thread_counter = 0
local prefix

setup = function(thread)
  thread:set("thread_id", thread_counter)
  thread_counter = thread_counter + 1
end

init = function(args)
  prefix = (args[1] or "wrk") .. "-" .. thread_id .. "-"
  n = 0
end

request = function()
  n = n + 1
  local body = '{"id":"' .. prefix .. n .. '","user_id":"user-' .. (n % 1000) ..
      '","total":149.99,"status":"pending","timestamp":"2025-10-06T17:00:00Z"}'
  return wrk.format("POST", "/order", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. api_key}, body)
end
