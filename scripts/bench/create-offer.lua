-- Creates purchase offers as a signed-in advisor (session cookie BENCH_COOKIE, office
-- OFFICE_ID): one new offer per request, each with its own idempotency key.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local run = os.getenv("BENCH_RUN")
local office = os.getenv("OFFICE_ID")
local headers = { ["Content-Type"] = "application/json", ["Cookie"] = os.getenv("BENCH_COOKIE") }
local n = 0
request = function()
  n = n + 1
  local body = '{"form":{"office_id":"' .. office .. '","usage_location":"NL",' ..
    '"lines":[["M365-BUSINESS-BASIC","25"]],"delegated_admin":false,"gdap_name":"","gdap_roles":["UserAdministrator"],' ..
    '"gdap_duration_days":"365","idempotency_key":"' .. run .. '-' .. n .. '"}}'
  return wrk.format("POST", "/api/offers/create", headers, body)
end
